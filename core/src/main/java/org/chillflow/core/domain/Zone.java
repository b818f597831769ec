package org.chillflow.core.domain;

import java.util.Objects;

/** One row of the TLC zone lookup: the dimension every trip's pickup and drop-off refer to. */
public record Zone(ZoneId id, String borough, String zoneName, String serviceZone) {

    /** Column widths of {@code dim.zone}; the parser rejects longer values instead of truncating them. */
    public static final int BOROUGH_MAX = 50;
    public static final int ZONE_NAME_MAX = 100;
    public static final int SERVICE_ZONE_MAX = 50;

    public Zone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(borough, "borough");
        Objects.requireNonNull(zoneName, "zoneName");
        Objects.requireNonNull(serviceZone, "serviceZone");
    }
}
