package org.chillflow.core.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The server's persistence units list exactly the entities the command line maps (Entities.ALL), in every unit. */
class PersistenceXmlTest {

    @Test
    void everyPersistenceUnitListsEveryEntity() throws Exception {
        List<String> expected = Entities.ALL.stream().map(Class::getName).sorted().toList();
        try (InputStream xml = getClass().getResourceAsStream("/META-INF/persistence.xml")) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            NodeList units = factory.newDocumentBuilder().parse(xml)
                    .getElementsByTagNameNS("*", "persistence-unit");
            assertThat(units.getLength()).isEqualTo(3);
            for (int u = 0; u < units.getLength(); u++) {
                NodeList classes = ((Element) units.item(u)).getElementsByTagNameNS("*", "class");
                List<String> listed = new ArrayList<>();
                for (int c = 0; c < classes.getLength(); c++) {
                    listed.add(classes.item(c).getTextContent().trim());
                }
                assertThat(listed).as(((Element) units.item(u)).getAttribute("name")).hasSameElementsAs(expected)
                        .doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void theBulkWritersColumnsComeFromTheTripEntityInTheirOrder() {
        assertThat(org.chillflow.core.trip.CompleteTripTable.COLUMNS).startsWith("trip_key", "vendor_id", "pickup_ts")
                .endsWith("avg_speed_kmh", "vehicle_id_h").hasSize(25)
                .doesNotContain("source", "last_update_ts", "created_at", "updated_at");
    }
}
