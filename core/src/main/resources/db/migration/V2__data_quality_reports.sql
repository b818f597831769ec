-- Data-quality counts of curate-month. Each committed chunk records its own counts (keyed by its first
-- source row, so a restarted chunk overwrites rather than adds); the report is their sum.
CREATE TABLE ops.dq_chunk (
    job_instance_id bigint      NOT NULL,
    first_row       bigint      NOT NULL,
    rows_in         bigint      NOT NULL,
    rows_out        bigint      NOT NULL,
    counts          jsonb       NOT NULL,   -- rule code -> rows (rejects and flags)
    created_at      timestamp   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (job_instance_id, first_row)
);

CREATE TABLE ops.dq_report (
    job_instance_id bigint        PRIMARY KEY,
    job_execution_id bigint       NOT NULL,  -- the execution that completed it
    input           text          NOT NULL,
    month           varchar(7),
    output          text          NOT NULL,
    rows_in         bigint        NOT NULL,
    rows_out        bigint        NOT NULL,
    retention_rate  numeric(6, 2) NOT NULL,
    counts          jsonb         NOT NULL,
    created_at      timestamp     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at      timestamp     NOT NULL DEFAULT CURRENT_TIMESTAMP
);
