package org.chillflow.core.trip.curated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.schema.ColumnOrder;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;

/** A curated part is recognised by its columns, not by the sort order a Parquet version declares for them. */
class CuratedLayoutTest {

    @Test
    void theDoublesSortOrderThatParquet115WroteDoesNotMakeAPartForeign() {
        MessageType written115 = rebuild(f -> f.getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE
                ? Types.primitive(f.getPrimitiveTypeName(), f.getRepetition()).as(f.getLogicalTypeAnnotation())
                        .columnOrder(ColumnOrder.typeDefined()).named(f.getName())
                : f);
        assertThat(written115).isNotEqualTo(CuratedTripFiles.CURATED_SCHEMA);
        assertThat(CuratedTripFiles.isCuratedLayout(written115)).isTrue();
        assertThat(CuratedTripFiles.isCuratedLayout(CuratedTripFiles.CURATED_SCHEMA)).isTrue();
    }

    @Test
    void anotherTypeOrMissingColumnIsNotTheCuratedLayout() {
        MessageType retyped = rebuild(f -> f.getName().equals("vendor_id")
                ? Types.primitive(PrimitiveTypeName.INT64, f.getRepetition()).named(f.getName()) : f);
        assertThat(CuratedTripFiles.isCuratedLayout(retyped)).isFalse();
        List<Type> fewer = new ArrayList<>(CuratedTripFiles.CURATED_SCHEMA.getFields());
        fewer.remove(fewer.size() - 1);
        assertThat(CuratedTripFiles.isCuratedLayout(new MessageType(CuratedTripFiles.CURATED_SCHEMA.getName(), fewer)))
                .isFalse();
    }

    private static MessageType rebuild(java.util.function.UnaryOperator<PrimitiveType> change) {
        List<Type> fields = new ArrayList<>();
        for (Type field : CuratedTripFiles.CURATED_SCHEMA.getFields()) {
            fields.add(change.apply(field.asPrimitiveType()));
        }
        return new MessageType(CuratedTripFiles.CURATED_SCHEMA.getName(), fields);
    }
}
