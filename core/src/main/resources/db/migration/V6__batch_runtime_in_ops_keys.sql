-- JBeret SE (the CLI; repository in schema jberet) and Liberty (schema batch) number their job instances
-- independently, from 1, in the same database: ops tables keyed by the instance id alone mixed both
-- runtimes' rows (found by a clean-clone run of the suite: a Liberty curate summed a CLI test's chunks into
-- its report). Every row now names the runtime whose instance it belongs to; existing rows were Liberty's
-- unless a CLI wrote them, which nothing recorded.
ALTER TABLE ops.dq_chunk ADD COLUMN runtime varchar(16) NOT NULL DEFAULT 'liberty';
ALTER TABLE ops.dq_chunk DROP CONSTRAINT dq_chunk_pkey;
ALTER TABLE ops.dq_chunk ADD PRIMARY KEY (runtime, job_instance_id, first_row);

ALTER TABLE ops.dq_report ADD COLUMN runtime varchar(16) NOT NULL DEFAULT 'liberty';
ALTER TABLE ops.dq_report DROP CONSTRAINT dq_report_pkey;
ALTER TABLE ops.dq_report ADD PRIMARY KEY (runtime, job_instance_id);

ALTER TABLE ops.rejected_record ADD COLUMN runtime varchar(16) NOT NULL DEFAULT 'liberty';
DROP INDEX ops.uq_rejected_record_line;
CREATE UNIQUE INDEX uq_rejected_record_line
    ON ops.rejected_record (runtime, job_name, job_instance_id, step_name, source, record_number);

ALTER TABLE ops.kpi_run ADD COLUMN runtime varchar(16) NOT NULL DEFAULT 'liberty';
