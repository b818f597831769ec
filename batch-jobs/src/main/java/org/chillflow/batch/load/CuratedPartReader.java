package org.chillflow.batch.load;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads the curated parts of a month ({@code part-*.parquet} in file-name order, which is source-row
 * order). The checkpoint is the number of rows consumed.
 */
@Named
@Dependent
public class CuratedPartReader extends AbstractItemReader {

    @Inject
    @BatchProperty
    String input;

    /** Test hook: fail when this 1-based row is about to be read; 0 = never. */
    @Inject
    @BatchProperty
    String failAtRow;

    @Inject
    StepContext stepContext;

    private Iterator<Path> parts;
    private ParquetReader<Group> current;
    private long consumed;
    private long failAt;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("job parameter 'input' (the curated directory) is required");
        }
        Path dir = Path.of(input);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(input, null, "curated directory not found (run curate-month first)");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("part-\\d+\\.parquet")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new NoSuchFileException(input, null, "no curated part files (part-*.parquet) in the directory");
        }
        failAt = failAtRow == null || failAtRow.isBlank() ? 0 : Long.parseLong(failAtRow.trim());
        long total = 0;
        for (Path file : files) {
            try (var footer = org.apache.parquet.hadoop.ParquetFileReader.open(new LocalInputFile(file),
                    org.apache.parquet.ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
                total += footer.getRecordCount();
            }
        }
        stepContext.setPersistentUserData(new org.chillflow.batch.curation.StepProgress(total));
        parts = files.iterator();
        long resumeAfter = checkpoint == null ? 0 : (Long) checkpoint;
        while (consumed < resumeAfter && next() != null) {
            consumed++;
        }
    }

    @Override
    public Object readItem() throws IOException {
        if (failAt > 0 && consumed + 1 == failAt) {
            throw new IllegalStateException("failAtRow=" + failAt + ": injected failure for restart testing");
        }
        Group row = next();
        if (row != null) {
            consumed++;
        }
        return row;
    }

    private Group next() throws IOException {
        while (true) {
            if (current != null) {
                Group row = current.read();
                if (row != null) {
                    return row;
                }
                current.close();
                current = null;
            }
            if (!parts.hasNext()) {
                return null;
            }
            current = new ParquetReader.Builder<Group>(new LocalInputFile(parts.next()), new PlainParquetConfiguration()) {
                @Override
                protected ReadSupport<Group> getReadSupport() {
                    return new GroupReadSupport();
                }
            }.build();
        }
    }

    @Override
    public Serializable checkpointInfo() {
        return consumed;
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
        }
    }
}
