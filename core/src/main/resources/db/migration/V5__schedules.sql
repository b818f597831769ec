-- Job schedules (definitions come from MicroProfile Config; the row holds their run-time state).
-- The row is also the lease: a server fires a due schedule with one conditional UPDATE that moves
-- next_fire_at forward, so when several servers share the database exactly one of them fires it.
CREATE TABLE ops.schedule (
    name              varchar(64)  PRIMARY KEY,
    job_name          varchar(64)  NOT NULL,
    parameters        varchar(1000) NOT NULL DEFAULT '',  -- job parameters, k=v,k=v
    every             varchar(32)  NOT NULL,            -- ISO-8601 duration, e.g. PT1H, P1D
    offset_in_day     varchar(32)  NOT NULL DEFAULT 'PT0S', -- fire times are midnight UTC + offset + k x every
    enabled           boolean      NOT NULL,
    next_fire_at      timestamp    NOT NULL,
    last_fired_at     timestamp,
    last_fired_by     varchar(128),
    last_execution_id bigint,
    last_error        varchar(512),
    updated_at        timestamp    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
