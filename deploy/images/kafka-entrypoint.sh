#!/bin/sh
# server.properties from the environment (KAFKA_NODE_ID -> node.id, KAFKA_LISTENERS -> listeners, ...), the storage
# formatted on first start, then the broker in the foreground.
set -e
props=/var/lib/kafka/server.properties
: "${KAFKA_NODE_ID:=1}" "${KAFKA_PROCESS_ROLES:=broker,controller}"
: "${KAFKA_LISTENERS:=PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093}"
: "${KAFKA_ADVERTISED_LISTENERS:=PLAINTEXT://localhost:9092}"
: "${KAFKA_CONTROLLER_LISTENER_NAMES:=CONTROLLER}"
: "${KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT}"
: "${KAFKA_CONTROLLER_QUORUM_VOTERS:=${KAFKA_NODE_ID}@localhost:9093}"
: "${KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR:=1}" "${KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR:=1}"
: "${KAFKA_TRANSACTION_STATE_LOG_MIN_ISR:=1}" "${KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS:=0}"
: "${KAFKA_LOG_DIRS:=/var/lib/kafka/data}"
export KAFKA_NODE_ID KAFKA_PROCESS_ROLES KAFKA_LISTENERS KAFKA_ADVERTISED_LISTENERS KAFKA_CONTROLLER_LISTENER_NAMES \
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP KAFKA_CONTROLLER_QUORUM_VOTERS KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR \
  KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR KAFKA_TRANSACTION_STATE_LOG_MIN_ISR \
  KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS KAFKA_LOG_DIRS
# every KAFKA_X_Y variable becomes x.y
env | sed -n 's/^KAFKA_\([A-Z0-9_]*\)=\(.*\)$/\1=\2/p' | while IFS='=' read -r key value; do
  printf '%s=%s\n' "$(echo "$key" | tr 'A-Z_' 'a-z.')" "$value"
done >"$props"
CP="/opt/kafka/libs/*"
if [ ! -f "$KAFKA_LOG_DIRS/meta.properties" ]; then
  java -cp "$CP" kafka.tools.StorageTool format -t "${CLUSTER_ID:-MkU3OEVBNTcwNTJENDM2Qg}" -c "$props" >/dev/null
fi
exec java -Xmx512m -cp "$CP" kafka.Kafka "$props"
