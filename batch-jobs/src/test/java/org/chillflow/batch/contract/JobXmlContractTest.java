package org.chillflow.batch.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The job contracts hold together: every parameter a job XML reads is one the catalogue ({@link JobCatalog}) offers
 * and documents with the XML's default, and every catalogue parameter is read by its XML; {@code ingest-month}'s
 * steps are the standalone jobs' steps (same artifacts, same properties), so the copy cannot drift.
 */
class JobXmlContractTest {

    private static final Pattern PARAMETER = Pattern.compile("#\\{jobParameters\\['([^']+)'\\]\\}(\\?:([^;]*);)?");

    @Test
    void everyCatalogueJobReadsExactlyItsParametersAndDocumentsTheirDefaults() throws Exception {
        for (JobCatalog.JobDefinition job : JobCatalog.all()) {
            Map<String, Set<String>> defaults = parameters(xml(job.name()));
            assertThat(defaults.keySet()).as(job.name() + ": parameters the XML reads")
                    .containsExactlyInAnyOrderElementsOf(job.parameters().stream().map(JobCatalog.Parameter::name).toList());
            for (JobCatalog.Parameter parameter : job.parameters()) {
                for (String value : defaults.get(parameter.name())) {
                    // a default made of another parameter (output = input + ".curated") is documented by its literal part
                    String literal = value.contains("}") ? value.substring(value.lastIndexOf('}') + 1) : value;
                    if (!literal.isEmpty() && !literal.equals("0")) {
                        assertThat(parameter.description()).as(job.name() + "." + parameter.name() + " documents its default")
                                .contains(literal);
                    }
                }
            }
        }
    }

    @Test
    void ingestMonthRunsTheStandaloneJobsSteps() throws Exception {
        Document ingest = xml("ingest-month");
        assertSameStep(step(ingest, "curate"), step(xml("curate-month"), "curate"));
        assertSameStep(step(ingest, "load"), step(xml("load-trips"), "load"));
        assertSameStep(step(ingest, "seed-zones"), step(xml("seed-zones"), "upsert-zones"));
        assertSameStep(step(ingest, "aggregate"), step(xml("aggregate-kpis"), "aggregate"));
    }

    /**
     * The same artifacts, and each given no property its standalone step does not know (ingest-month fixes some:
     * the bundled lookup, an incremental aggregation).
     */
    private static void assertSameStep(Element inIngest, Element standalone) {
        Map<String, Set<String>> ingest = shape(inIngest);
        Map<String, Set<String>> alone = shape(standalone);
        assertThat(ingest.keySet()).as(inIngest.getAttribute("id") + ": artifacts").isEqualTo(alone.keySet());
        ingest.forEach((artifact, properties) -> assertThat(alone.get(artifact)).as(artifact).containsAll(properties));
    }

    /** Each parameter the XML reads, with the defaults it gives it ("" when none). */
    private static Map<String, Set<String>> parameters(Document job) {
        Map<String, Set<String>> found = new TreeMap<>();
        NodeList properties = job.getElementsByTagNameNS("*", "property");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < properties.getLength(); i++) {
            values.add(((Element) properties.item(i)).getAttribute("value"));
        }
        NodeList chunks = job.getElementsByTagNameNS("*", "chunk");
        for (int i = 0; i < chunks.getLength(); i++) {
            values.add(((Element) chunks.item(i)).getAttribute("item-count"));
            values.add(((Element) chunks.item(i)).getAttribute("skip-limit"));
        }
        for (String value : values) {
            Matcher m = PARAMETER.matcher(value);
            while (m.find()) {
                found.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(3) == null ? "" : m.group(3));
            }
        }
        return found;
    }

    /** A step's artifacts (reader, processor, writer, batchlet, mapper, listeners) and each one's property names. */
    private static Map<String, Set<String>> shape(Element step) {
        Map<String, Set<String>> shape = new TreeMap<>();
        for (String kind : List.of("reader", "processor", "writer", "batchlet", "mapper", "listener")) {
            NodeList artifacts = step.getElementsByTagNameNS("*", kind);
            for (int i = 0; i < artifacts.getLength(); i++) {
                Element artifact = (Element) artifacts.item(i);
                NodeList properties = artifact.getElementsByTagNameNS("*", "property");
                Set<String> names = new TreeSet<>();
                for (int p = 0; p < properties.getLength(); p++) {
                    String name = ((Element) properties.item(p)).getAttribute("name");
                    if (!name.startsWith("fail")) { // test hooks: the standalone jobs offer more of them
                        names.add(name);
                    }
                }
                shape.put(kind + ":" + artifact.getAttribute("ref"), names);
            }
        }
        return shape;
    }

    private static Element step(Document job, String id) {
        NodeList steps = job.getElementsByTagNameNS("*", "step");
        for (int i = 0; i < steps.getLength(); i++) {
            if (((Element) steps.item(i)).getAttribute("id").equals(id)) {
                return (Element) steps.item(i);
            }
        }
        throw new AssertionError("no step " + id + " in " + job.getDocumentElement().getAttribute("id") + "; steps: "
                + java.util.stream.IntStream.range(0, steps.getLength())
                        .mapToObj(i -> ((Element) steps.item(i)).getAttribute("id")).collect(Collectors.joining(", ")));
    }

    private static Document xml(String job) throws Exception {
        try (InputStream in = JobXmlContractTest.class.getClassLoader().getResourceAsStream("META-INF/batch-jobs/" + job + ".xml")) {
            assertThat(in).as(job + ".xml on the class path").isNotNull();
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(in);
        }
    }
}
