package io.blufio.memory;

import java.util.List;

/**
 * What {@link Memories#learn} did with one extraction's facts.
 *
 * @param added the facts saved (source {@code extracted})
 * @param superseded ids of the facts the new ones replaced (now {@code superseded})
 * @param duplicates facts skipped as near-duplicates of an active memory
 * @param forgotten facts skipped because the user had made blufio forget them
 * @param invalid facts skipped as empty or longer than {@link Memories#MAX_TEXT_CHARS}
 */
public record LearnOutcome(List<Memory> added, List<Long> superseded, int duplicates, int forgotten, int invalid) {
    public LearnOutcome {
        added = List.copyOf(added);
        superseded = List.copyOf(superseded);
    }
}
