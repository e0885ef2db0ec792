package dev.docket.states.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An event as the interpreter sees it once recorded.
 *
 * @param id its id (0 for an execution that keeps no history)
 * @param type its type
 * @param timestamp when it happened (the recorded time on replay)
 * @param details its details (the recorded ones on replay; null where no history is kept)
 * @param replayed whether it was already in the history (recorded by an earlier run)
 */
record Recorded(long id, String type, Instant timestamp, ObjectNode details, boolean replayed) {}
