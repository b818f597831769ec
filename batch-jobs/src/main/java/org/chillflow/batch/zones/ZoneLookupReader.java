package org.chillflow.batch.zones;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.batch.reject.SourceLine;
import org.chillflow.core.config.DataDirectory;
import org.chillflow.core.reference.ZoneLookupCsv;

/**
 * Reads the zone lookup CSV line by line. The checkpoint is the number of data lines already read, so a
 * restarted execution continues after the last committed chunk.
 */
@Named
@Dependent
public class ZoneLookupReader extends AbstractItemReader {

    private static final Logger LOG = Logger.getLogger(ZoneLookupReader.class.getName());

    @Inject
    @BatchProperty
    String file;

    /** Test hook: fail (once the line is reached) to exercise restart; 0 = never. */
    @Inject
    @BatchProperty
    String failAtLine;

    private BufferedReader reader;
    private String source;
    private long linesRead;
    private long failAt;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        failAt = org.chillflow.batch.contract.TestHooks.value("failAtLine", failAtLine);
        InputStream in;
        if (file == null || file.isBlank()) {
            source = "classpath:" + ZoneLookupCsv.BUNDLED_RESOURCE;
            in = ZoneLookupCsv.openBundled();
        } else {
            DataDirectory data = DataDirectory.configured();
            Path path = data.readFile("zonesFile", file);
            source = data.display(path);
            in = Files.newInputStream(path);
        }
        reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String first = reader.readLine();
        if (!ZoneLookupCsv.isHeader(first)) {
            reader.close();
            // what the first line was stays unsaid: the file may be anything, and this message reaches every viewer
            throw new IllegalArgumentException("zonesFile: " + source + " is not a TLC zone lookup (its first line is not"
                    + " the header " + ZoneLookupCsv.HEADER + ")");
        }
        long resumeAfter = checkpoint == null ? 0 : (Long) checkpoint;
        while (linesRead < resumeAfter && reader.readLine() != null) {
            linesRead++;
        }
        if (resumeAfter > 0) {
            LOG.info(() -> "Resuming " + source + " after data line " + resumeAfter);
        }
    }

    @Override
    public Object readItem() throws IOException {
        String text = reader.readLine();
        if (text == null) {
            return null;
        }
        linesRead++;
        if (failAt > 0 && linesRead == failAt) {
            throw new IllegalStateException("failAtLine=" + failAt + ": injected failure for restart testing");
        }
        // +1: line 1 of the file is the header
        return new SourceLine(source, linesRead + 1, text);
    }

    @Override
    public Serializable checkpointInfo() {
        return linesRead;
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }
}
