-- Stop requests for batch executions that run on another server. Liberty's JobOperator stops only what its own
-- server runs; with several servers the API records the request here and the server that runs the execution
-- stops it at its next schedule tick (every server looks), then deletes the request.
CREATE TABLE ops.stop_request (
    execution_id  bigint       PRIMARY KEY,
    requested_by  varchar(128) NOT NULL,
    requested_at  timestamp    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
