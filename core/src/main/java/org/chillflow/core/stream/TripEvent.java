package org.chillflow.core.stream;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * One event of a trip on {@code trip-events}, as JSON ({@link TripEventJson}: snake_case, its type's fields even when null).
 * Version 1 carries the original pipeline's fields (docs/GLOSSARY.md) plus what the batch load keeps and
 * the original pipeline's events dropped (rate code, store-and-forward flag, every money column), so that a trip
 * reassembled from the stream has the same business columns as the batch-loaded row. {@code timestamp} is an
 * ISO-8601 instant (UTC, {@code Z}); TLC times are New York wall-clock times and are converted with
 * {@code America/New_York}. {@code event_id} is deterministic (trip key + type), so a replay carries the same
 * ids as the first run.
 */

@JsonbPropertyOrder({"schemaVersion", "eventId", "tripKey", "eventType", "timestamp", "vendorId", "vehicleIdH",
    "source", "pickupZoneId", "passengerCount", "rateCode", "storeAndFwdFlag", "dropoffZoneId", "tripDistance",
    "tripDurationMinutes", "paymentType", "fareAmount", "extra", "mtaTax", "tipAmount", "tollsAmount",
    "improvementSurcharge", "totalAmount", "congestionSurcharge", "airportFee", "cbdCongestionFee", "zoneId"})
public class TripEvent {

    public static final int SCHEMA_VERSION = 1;

    public Integer schemaVersion = SCHEMA_VERSION;
    public String eventId;
    public String tripKey;
    public String eventType;
    /** ISO-8601 instant, e.g. 2025-02-01T05:00:22Z */
    public String timestamp;
    public Integer vendorId;
    public String vehicleIdH;
    public String source = "stream";

    // trip_started
    public Integer pickupZoneId;
    public Integer passengerCount;
    public Integer rateCode;
    public String storeAndFwdFlag;

    // trip_ended
    public Integer dropoffZoneId;
    /** miles, as published (the original pipeline documented km but carried miles) */
    public Double tripDistance;
    public Double tripDurationMinutes;

    // payment_processed
    public Integer paymentType;
    public Double fareAmount;
    public Double extra;
    public Double mtaTax;
    public Double tipAmount;
    public Double tollsAmount;
    public Double improvementSurcharge;
    public Double totalAmount;
    public Double congestionSurcharge;
    public Double airportFee;
    public Double cbdCongestionFee;

    // zone_entered, zone_exited
    public Integer zoneId;
}
