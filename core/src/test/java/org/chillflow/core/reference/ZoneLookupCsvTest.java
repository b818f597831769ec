package org.chillflow.core.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.chillflow.core.domain.Zone;
import org.junit.jupiter.api.Test;

class ZoneLookupCsvTest {

    @Test
    void parsesQuotedTlcLine() throws Exception {
        Zone zone = ZoneLookupCsv.parse("1,\"EWR\",\"Newark Airport\",\"EWR\"");
        assertThat(zone.id().value()).isEqualTo(1);
        assertThat(zone.borough()).isEqualTo("EWR");
        assertThat(zone.zoneName()).isEqualTo("Newark Airport");
        assertThat(zone.serviceZone()).isEqualTo("EWR");
    }

    @Test
    void keepsCommaInsideQuotesAndEmptyFieldsAsEmptyStrings() throws Exception {
        Zone zone = ZoneLookupCsv.parse("57,\"Queens\",\"Corona, North\",\"\"");
        assertThat(zone.zoneName()).isEqualTo("Corona, North");
        assertThat(zone.serviceZone()).isEmpty();
    }

    @Test
    void recognisesHeaderWithOrWithoutQuotesAndBom() {
        assertThat(ZoneLookupCsv.isHeader("\"LocationID\",\"Borough\",\"Zone\",\"service_zone\"")).isTrue();
        assertThat(ZoneLookupCsv.isHeader("\uFEFFLocationID,Borough,Zone,service_zone")).isTrue();
        assertThat(ZoneLookupCsv.isHeader("1,\"EWR\",\"Newark Airport\",\"EWR\"")).isFalse();
    }

    @Test
    void rejectsNonNumericId() {
        assertReason("abc,\"Queens\",\"Astoria\",\"Boro Zone\"", ZoneLookupCsv.REASON_BAD_ID);
        assertReason("0,\"Queens\",\"Astoria\",\"Boro Zone\"", ZoneLookupCsv.REASON_BAD_ID);
        assertReason("-4,\"Queens\",\"Astoria\",\"Boro Zone\"", ZoneLookupCsv.REASON_BAD_ID);
    }

    @Test
    void rejectsWrongFieldCount() {
        assertReason("7,\"Queens\",\"Astoria\"", ZoneLookupCsv.REASON_FIELD_COUNT);
        assertReason("7,\"Queens\",\"Astoria\",\"Boro Zone\",\"extra\"", ZoneLookupCsv.REASON_FIELD_COUNT);
    }

    @Test
    void rejectsUnbalancedQuote() {
        assertReason("7,\"Queens,\"Astoria\",\"Boro Zone\"", ZoneLookupCsv.REASON_MALFORMED);
    }

    @Test
    void rejectsBlankLine() {
        assertReason("   ", ZoneLookupCsv.REASON_BLANK);
    }

    @Test
    void rejectsValuesLongerThanTheColumn() {
        String longName = "x".repeat(Zone.ZONE_NAME_MAX + 1);
        assertReason("7,\"Queens\",\"" + longName + "\",\"Boro Zone\"", ZoneLookupCsv.REASON_TOO_LONG);
    }

    @Test
    void bundledLookupHasAll265TlcZones() throws Exception {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(ZoneLookupCsv.openBundled(), StandardCharsets.UTF_8))) {
            List<String> lines = reader.lines().toList();
            assertThat(ZoneLookupCsv.isHeader(lines.get(0))).isTrue();
            List<Zone> zones = new java.util.ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                zones.add(ZoneLookupCsv.parse(line));
            }
            assertThat(zones).hasSize(265);
            assertThat(zones.stream().map(z -> z.id().value()).distinct()).hasSize(265);
            assertThat(zones.get(263).zoneName()).isEqualTo("N/A");
            assertThat(zones.get(264).zoneName()).isEqualTo("Outside of NYC");
        }
    }

    private static void assertReason(String line, String reason) {
        assertThatThrownBy(() -> ZoneLookupCsv.parse(line))
                .isInstanceOf(InvalidRecordException.class)
                .satisfies(e -> assertThat(((InvalidRecordException) e).reason()).isEqualTo(reason));
    }
}
