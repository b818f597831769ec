package org.chillflow.core.trip;

/**
 * How large the buffers are that a Parquet reader reads a row group's column chunks into (Parquet's
 * {@code ParquetReadOptions.withMaxAllocationInBytes}; its default is 8 MB).
 *
 * <p>In a server with a 1 GB heap, G1 has 1 MB regions, and any object of half a region or more is "humongous": it is
 * allocated on its own regions, and its allocation can set off a collection and a concurrent cycle. A curated part's
 * row group (about 1.4 MB) or a TLC file's column chunk read as one buffer is such an object: a profile of a load of
 * 2,939,953 trips on Liberty counted 18 collections caused by "G1 Humongous Allocation", and none with buffers of
 * {@link #SMALL_BYTES}. (Parquet still decompresses a page into one array: a TLC file's pages of a megabyte remain
 * humongous.)
 */
public final class ParquetReadBuffers {

    /** Below half of G1's smallest region (1 MB), so never humongous. */
    public static final int SMALL_BYTES = 256 * 1024;

    /** Parquet's own default. */
    public static final int PARQUET_DEFAULT_BYTES = 8 * 1024 * 1024;

    private ParquetReadBuffers() {
    }
}
