package org.chillflow.core.trip.curated;

import org.chillflow.core.trip.RawTrip;
import org.chillflow.core.trip.quality.DqVerdict;
import org.chillflow.core.trip.quality.DqRule;
import org.chillflow.core.trip.quality.DerivedFields;
import org.chillflow.core.trip.source.ParquetValues;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes curated trips straight from a {@link DqVerdict} to Parquet's record consumer, in
 * {@link CuratedTripFiles#CURATED_SCHEMA} order: no intermediate generic record per row (building one cost
 * more than writing it).
 */
final class CuratedTripWriteSupport extends WriteSupport<DqVerdict> {

    private final MessageType schema = CuratedTripFiles.CURATED_SCHEMA;
    private RecordConsumer out;

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(DqVerdict verdict) {
        RawTrip t = verdict.trip();
        DerivedFields d = verdict.derived();
        out.startMessage();
        longField(0, "source_row", t.sourceRow());
        intField(1, "vendor_id", t.vendorId());
        longField(2, "pickup_ts", ParquetValues.micros(t.pickup()));
        longField(3, "dropoff_ts", ParquetValues.micros(t.dropoff()));
        intField(4, "passenger_count", t.passengerCount());
        doubleField(5, "trip_distance", t.tripDistance());
        intField(6, "rate_code", t.rateCode());
        stringField(7, "store_and_fwd_flag", t.storeAndFwdFlag());
        intField(8, "pu_zone_id", t.puZoneId());
        intField(9, "do_zone_id", t.doZoneId());
        intField(10, "payment_type", t.paymentType());
        doubleField(11, "fare_amount", t.fareAmount());
        doubleField(12, "extra", t.extra());
        doubleField(13, "mta_tax", t.mtaTax());
        doubleField(14, "tip_amount", t.tipAmount());
        doubleField(15, "tolls_amount", t.tollsAmount());
        doubleField(16, "improvement_surcharge", t.improvementSurcharge());
        doubleField(17, "total_amount", t.totalAmount());
        doubleField(18, "congestion_surcharge", t.congestionSurcharge());
        doubleField(19, "airport_fee", t.airportFee());
        doubleField(20, "cbd_congestion_fee", t.cbdCongestionFee());
        doubleField(21, "distance_km", d.distanceKm());
        doubleField(22, "duration_min", d.durationMin());
        doubleField(23, "avg_speed_kmh", d.avgSpeedKmh());
        stringField(24, "dq_flags", verdict.flags().isEmpty() ? null
                : verdict.flags().stream().map(DqRule::code).sorted().collect(Collectors.joining(",")));
        out.endMessage();
    }

    private void longField(int index, String name, long value) {
        out.startField(name, index);
        out.addLong(value);
        out.endField(name, index);
    }

    /** A required int column gets its value; an optional one is simply left out when null. */
    private void intField(int index, String name, Integer value) {
        if (value != null) {
            out.startField(name, index);
            out.addInteger(value);
            out.endField(name, index);
        }
    }

    private void doubleField(int index, String name, Double value) {
        if (value != null) {
            out.startField(name, index);
            out.addDouble(value);
            out.endField(name, index);
        }
    }

    private void stringField(int index, String name, String value) {
        if (value != null) {
            out.startField(name, index);
            out.addBinary(Binary.fromString(value));
            out.endField(name, index);
        }
    }
}
