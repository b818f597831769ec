-- ChillFlow base schema. Timestamps are NYC local wall-clock "timestamp without time zone", as the TLC
-- publishes them; audit columns use the database clock.

CREATE SCHEMA IF NOT EXISTS dim;
CREATE SCHEMA IF NOT EXISTS stg;
CREATE SCHEMA IF NOT EXISTS mart;
CREATE SCHEMA IF NOT EXISTS ops;
-- Job repositories: Liberty's <databaseStore> creates its tables in "batch"; the CLI's JBeret SE
-- JDBC repository creates its own in "jberet". Both only need the schema to exist.
CREATE SCHEMA IF NOT EXISTS batch;
CREATE SCHEMA IF NOT EXISTS jberet;

CREATE TABLE dim.zone (
    zone_id      integer      PRIMARY KEY,
    borough      varchar(50)  NOT NULL,
    zone_name    varchar(100) NOT NULL,
    service_zone varchar(50)  NOT NULL,
    created_at   timestamp    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at   timestamp    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- One row per trip, from the batch load or reassembled from the stream; upserted by trip_key.
CREATE TABLE stg.complete_trip (
    trip_key              varchar(64)  PRIMARY KEY,
    vendor_id             integer      NOT NULL,
    pickup_ts             timestamp    NOT NULL,
    dropoff_ts            timestamp    NOT NULL,
    pu_zone_id            integer      NOT NULL REFERENCES dim.zone (zone_id),
    do_zone_id            integer      NOT NULL REFERENCES dim.zone (zone_id),
    passenger_count       integer,
    trip_distance         double precision,          -- miles, as published
    rate_code             integer,
    store_and_fwd_flag    char(1),
    payment_type          integer,
    fare_amount           numeric(10, 2),
    extra                 numeric(10, 2),
    mta_tax               numeric(10, 2),
    tip_amount            numeric(10, 2),
    tolls_amount          numeric(10, 2),
    improvement_surcharge numeric(10, 2),
    total_amount          numeric(10, 2),
    congestion_surcharge  numeric(10, 2),
    airport_fee           numeric(10, 2),
    cbd_congestion_fee    numeric(10, 2),
    distance_km           double precision,
    duration_min          double precision,
    avg_speed_kmh         double precision,
    vehicle_id_h          varchar(16)  NOT NULL,
    source                varchar(50)  NOT NULL,     -- 'batch' | 'stream' | other text
    last_update_ts        timestamp    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_at            timestamp    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at            timestamp    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_complete_trip_pickup_ts ON stg.complete_trip (pickup_ts);
CREATE INDEX idx_complete_trip_pu_zone   ON stg.complete_trip (pu_zone_id);
CREATE INDEX idx_complete_trip_do_zone   ON stg.complete_trip (do_zone_id);
CREATE INDEX idx_complete_trip_vendor    ON stg.complete_trip (vendor_id);
CREATE INDEX idx_complete_trip_source    ON stg.complete_trip (source);

-- Hourly KPIs per pickup zone (the formulas: docs/GLOSSARY.md, "Zone-hourly KPIs").
CREATE TABLE mart.zone_hourly_kpis (
    zone_id          integer       NOT NULL REFERENCES dim.zone (zone_id),
    hour_ts          timestamp     NOT NULL,
    trips            integer       NOT NULL DEFAULT 0,
    avg_fare         numeric(10, 2),
    avg_tip          numeric(10, 2),
    avg_speed_kmh    numeric(8, 2),
    avg_distance_km  numeric(8, 2),
    avg_duration_min numeric(8, 2),
    pct_card         numeric(5, 2),
    outlier_rate     numeric(5, 2),
    unique_vehicles  integer,
    created_at       timestamp     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       timestamp     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (zone_id, hour_ts)
);

-- Every input record a job refused, with the rule that refused it: nothing is dropped silently.
CREATE TABLE ops.rejected_record (
    id               bigserial    PRIMARY KEY,
    job_name         varchar(100) NOT NULL,
    job_instance_id  bigint       NOT NULL,
    job_execution_id bigint       NOT NULL,      -- the execution that rejected it first
    step_name        varchar(100) NOT NULL,
    source           text         NOT NULL,      -- file or topic the record came from
    record_number    bigint,                     -- 1-based line / row number in the source
    reason           varchar(100) NOT NULL,      -- stable code, counted per reason
    message          text         NOT NULL,
    raw              text,
    created_at       timestamp    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_rejected_record_execution ON ops.rejected_record (job_execution_id);
-- A restart re-reads the lines of the chunk that failed: the same line of the same job instance is
-- recorded once.
CREATE UNIQUE INDEX uq_rejected_record_line
    ON ops.rejected_record (job_name, job_instance_id, step_name, source, record_number);
