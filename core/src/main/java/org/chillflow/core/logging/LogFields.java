package org.chillflow.core.logging;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Fields for the log lines this thread writes next: in Liberty they go through its {@code LogRecordContext}
 * (com.ibm.websphere.logging.hpel) and appear as {@code ext_<name>} fields of JSON logs
 * ({@code WLP_LOGGING_MESSAGE_FORMAT=json}); the batch steps set job/execution/step, the stream consumers
 * topic/partition/offset. The API ships with Liberty but not on Maven Central, so it is reached reflectively;
 * outside Liberty (the CLI, unit tests) this does nothing. Close it to remove the fields.
 */
public final class LogFields implements AutoCloseable {

    private static final Method ADD;
    private static final Method REMOVE;

    static {
        Method add = null;
        Method remove = null;
        try {
            Class<?> context = Class.forName("com.ibm.websphere.logging.hpel.LogRecordContext");
            add = context.getMethod("addExtension", String.class, String.class);
            remove = context.getMethod("removeExtension", String.class);
        } catch (ReflectiveOperationException | LinkageError notLiberty) {
            // no Liberty: nothing to add to
        }
        ADD = add;
        REMOVE = remove;
    }

    private final List<String> names = new ArrayList<>();

    private LogFields() {
    }

    /** Sets name/value pairs for this thread's log records until {@link #close()}. */
    public static LogFields set(String... namesAndValues) {
        LogFields fields = new LogFields();
        if (ADD == null) {
            return fields;
        }
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            try {
                ADD.invoke(null, namesAndValues[i], String.valueOf(namesAndValues[i + 1]));
                fields.names.add(namesAndValues[i]);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a log field is never worth failing the work for
            }
        }
        return fields;
    }

    /** True when log fields reach Liberty's log records (running inside Liberty). */
    public static boolean available() {
        return ADD != null;
    }

    @Override
    public void close() {
        for (String name : names) {
            try {
                REMOVE.invoke(null, name);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // as above
            }
        }
        names.clear();
    }
}
