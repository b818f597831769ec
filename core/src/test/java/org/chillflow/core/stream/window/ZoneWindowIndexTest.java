package org.chillflow.core.stream.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** A zone's index holds its windows of every size as members read by lexicographic range: their order must be the starts'. */
class ZoneWindowIndexTest {

    @Test
    void membersSortAsTheirStartsAndGiveThemBack() {
        WindowSize minute = WindowSize.parse("1m");
        Random random = new Random(20261206);
        List<Long> starts = new ArrayList<>(List.of(Long.MIN_VALUE, -86_400L, -60L, 0L, 60L, 1_738_368_000L, 99_999_999_999L,
                Long.MAX_VALUE));
        for (int i = 0; i < 1_000; i++) {
            starts.add(random.nextLong());
            starts.add((long) random.nextInt());
        }
        List<String> members = new ArrayList<>(starts.stream().map(s -> ZoneWindowStore.indexMember(minute, s)).toList());
        Collections.sort(members); // String order: Redis's lexicographic order of these ASCII members
        Collections.sort(starts);
        assertThat(members.stream().map(ZoneWindowStore::indexedStart).toList()).isEqualTo(starts);
        assertThat(ZoneWindowStore.indexMember(minute, 1_738_368_000L)).isEqualTo("1m:80000000679d6400");
    }

    @Test
    void aSizesMembersAreOneRangeBetweenItsLabelAndTheNextCharacter() {
        // latestStart reads (<size>; down to [<size>: ; a label never holds ':' or ';'
        for (String label : List.of("1m", "5m", "15m", "1h", "30s")) {
            WindowSize size = WindowSize.parse(label);
            String member = ZoneWindowStore.indexMember(size, -1L);
            assertThat(member.compareTo(label + ":")).isPositive();
            assertThat(member.compareTo(label + ";")).isNegative();
            assertThat(ZoneWindowStore.indexMember(size, Long.MAX_VALUE).compareTo(label + ";")).isNegative();
        }
    }
}
