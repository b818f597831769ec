package org.chillflow.batch.curation;

import java.io.Serializable;

/**
 * A step's total item count, known before it reads (Parquet footers), kept as the step's persistent user
 * data so that anyone holding the JobOperator can show progress as read count / total.
 */
public record StepProgress(long totalItems) implements Serializable {
}
