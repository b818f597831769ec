package org.chillflow.batch.reject;

import java.io.Serializable;

/** One line of an input file, with where it came from, so that a rejected line can be traced back. */
public record SourceLine(String source, long number, String text) implements Serializable {
}
