package org.kiste.files;

/** The node after a write, and whether the write created it (201) or replaced it (204). */
public record WriteResult(Node node, boolean created) {
}
