package org.chillflow.core.persistence;

import java.math.BigDecimal;
import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A complete trip of {@code stg.complete_trip}: read by the API one at a time and counted per source, written one at a
 * time through JPA where a caller has a single trip. The bulk writers (the batch's COPY load, the stream's micro-batch
 * upsert) stay set-based SQL over {@link org.chillflow.core.trip.CompleteTripTable#COLUMNS}, which is read from this
 * class: the fields are declared in the order those writers fill the columns, {@code source} and the times last.
 */
@Entity
@Table(schema = "stg", name = "complete_trip")
public class CompleteTripEntity {

    @Id
    @Column(name = "trip_key", length = 64)
    private String tripKey;

    @Column(name = "vendor_id", nullable = false)
    private int vendorId;

    @Column(name = "pickup_ts", nullable = false)
    private LocalDateTime pickupTs;

    @Column(name = "dropoff_ts", nullable = false)
    private LocalDateTime dropoffTs;

    @Column(name = "pu_zone_id", nullable = false)
    private int puZoneId;

    @Column(name = "do_zone_id", nullable = false)
    private int doZoneId;

    @Column(name = "passenger_count")
    private Integer passengerCount;

    /** Miles, as published. */
    @Column(name = "trip_distance")
    private Double tripDistance;

    @Column(name = "rate_code")
    private Integer rateCode;

    @Column(name = "store_and_fwd_flag")
    private Character storeAndFwdFlag;

    @Column(name = "payment_type")
    private Integer paymentType;

    @Column(name = "fare_amount", precision = 10, scale = 2)
    private BigDecimal fareAmount;

    @Column(name = "extra", precision = 10, scale = 2)
    private BigDecimal extra;

    @Column(name = "mta_tax", precision = 10, scale = 2)
    private BigDecimal mtaTax;

    @Column(name = "tip_amount", precision = 10, scale = 2)
    private BigDecimal tipAmount;

    @Column(name = "tolls_amount", precision = 10, scale = 2)
    private BigDecimal tollsAmount;

    @Column(name = "improvement_surcharge", precision = 10, scale = 2)
    private BigDecimal improvementSurcharge;

    @Column(name = "total_amount", precision = 10, scale = 2)
    private BigDecimal totalAmount;

    @Column(name = "congestion_surcharge", precision = 10, scale = 2)
    private BigDecimal congestionSurcharge;

    @Column(name = "airport_fee", precision = 10, scale = 2)
    private BigDecimal airportFee;

    @Column(name = "cbd_congestion_fee", precision = 10, scale = 2)
    private BigDecimal cbdCongestionFee;

    @Column(name = "distance_km")
    private Double distanceKm;

    @Column(name = "duration_min")
    private Double durationMin;

    @Column(name = "avg_speed_kmh")
    private Double avgSpeedKmh;

    @Column(name = "vehicle_id_h", nullable = false, length = 16)
    private String vehicleIdH;

    /** {@code batch}, {@code stream} or another writer's name. */
    @Column(name = "source", nullable = false, length = 50)
    private String source;

    @Column(name = "last_update_ts", nullable = false)
    private LocalDateTime lastUpdateTs;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    private LocalDateTime createdAt;

    @Column(name = "updated_at", nullable = false, insertable = false, updatable = false)
    private LocalDateTime updatedAt;

    protected CompleteTripEntity() {
    }

    /** A trip with its required columns; the optional ones are set through the setters. */
    public CompleteTripEntity(String tripKey, int vendorId, LocalDateTime pickupTs, LocalDateTime dropoffTs, int puZoneId,
            int doZoneId, String vehicleIdH, String source) {
        this.tripKey = tripKey;
        this.vendorId = vendorId;
        this.pickupTs = pickupTs;
        this.dropoffTs = dropoffTs;
        this.puZoneId = puZoneId;
        this.doZoneId = doZoneId;
        this.vehicleIdH = vehicleIdH;
        this.source = source;
        this.lastUpdateTs = LocalDateTime.now(java.time.ZoneOffset.UTC);
    }

    public String getTripKey() {
        return tripKey;
    }

    public int getVendorId() {
        return vendorId;
    }

    public LocalDateTime getPickupTs() {
        return pickupTs;
    }

    public LocalDateTime getDropoffTs() {
        return dropoffTs;
    }

    public int getPuZoneId() {
        return puZoneId;
    }

    public int getDoZoneId() {
        return doZoneId;
    }

    public Integer getPassengerCount() {
        return passengerCount;
    }

    public void setPassengerCount(Integer passengerCount) {
        this.passengerCount = passengerCount;
    }

    public Double getTripDistance() {
        return tripDistance;
    }

    public void setTripDistance(Double tripDistance) {
        this.tripDistance = tripDistance;
    }

    public Integer getRateCode() {
        return rateCode;
    }

    public Character getStoreAndFwdFlag() {
        return storeAndFwdFlag;
    }

    public Integer getPaymentType() {
        return paymentType;
    }

    public void setPaymentType(Integer paymentType) {
        this.paymentType = paymentType;
    }

    public BigDecimal getFareAmount() {
        return fareAmount;
    }

    public void setFareAmount(BigDecimal fareAmount) {
        this.fareAmount = fareAmount;
    }

    public BigDecimal getExtra() {
        return extra;
    }

    public BigDecimal getMtaTax() {
        return mtaTax;
    }

    public BigDecimal getTipAmount() {
        return tipAmount;
    }

    public void setTipAmount(BigDecimal tipAmount) {
        this.tipAmount = tipAmount;
    }

    public BigDecimal getTollsAmount() {
        return tollsAmount;
    }

    public BigDecimal getImprovementSurcharge() {
        return improvementSurcharge;
    }

    public BigDecimal getTotalAmount() {
        return totalAmount;
    }

    public void setTotalAmount(BigDecimal totalAmount) {
        this.totalAmount = totalAmount;
    }

    public BigDecimal getCongestionSurcharge() {
        return congestionSurcharge;
    }

    public BigDecimal getAirportFee() {
        return airportFee;
    }

    public BigDecimal getCbdCongestionFee() {
        return cbdCongestionFee;
    }

    public Double getDistanceKm() {
        return distanceKm;
    }

    public void setDistanceKm(Double distanceKm) {
        this.distanceKm = distanceKm;
    }

    public Double getDurationMin() {
        return durationMin;
    }

    public void setDurationMin(Double durationMin) {
        this.durationMin = durationMin;
    }

    public Double getAvgSpeedKmh() {
        return avgSpeedKmh;
    }

    public void setAvgSpeedKmh(Double avgSpeedKmh) {
        this.avgSpeedKmh = avgSpeedKmh;
    }

    public String getVehicleIdH() {
        return vehicleIdH;
    }

    public String getSource() {
        return source;
    }

    public LocalDateTime getLastUpdateTs() {
        return lastUpdateTs;
    }

    public LocalDateTime getCreatedAt() {
        return createdAt;
    }

    public LocalDateTime getUpdatedAt() {
        return updatedAt;
    }
}
