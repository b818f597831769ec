package org.chillflow.core.trip;

import java.time.LocalDateTime;

/**
 * One TLC yellow-taxi row as published, before curation, whatever the source layout (Parquet of any year,
 * original or snake_case CSV). Every value may be missing in real data, hence the boxed types.
 * {@code sourceRow} is the 0-based position of the row in its raw source file: it becomes the trip key's
 * offset (see {@link TripKeys}).
 */
public record RawTrip(
        long sourceRow,
        Integer vendorId,
        LocalDateTime pickup,
        LocalDateTime dropoff,
        Integer passengerCount,
        Double tripDistance,
        Integer rateCode,
        String storeAndFwdFlag,
        Integer puZoneId,
        Integer doZoneId,
        Integer paymentType,
        Double fareAmount,
        Double extra,
        Double mtaTax,
        Double tipAmount,
        Double tollsAmount,
        Double improvementSurcharge,
        Double totalAmount,
        Double congestionSurcharge,
        Double airportFee,
        Double cbdCongestionFee) {
}
