package org.chillflow.stream.kafka;

import java.util.function.Supplier;

/** What the stream's Kafka clients need of Liberty's threads. */
public final class Messages {

    private Messages() {
    }

    /**
     * Runs the factory with the given class's loader as the thread's context loader: a managed thread may carry another
     * than the application's, and the Kafka client looks its serializers up through it.
     */
    public static <T> T withClassLoaderOf(Class<?> owner, Supplier<T> factory) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(owner.getClassLoader());
        try {
            return factory.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
