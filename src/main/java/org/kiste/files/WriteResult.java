package org.kiste.files;

import org.kiste.model.Node;

/** The node after a write, and whether the write created it (201) or replaced it (204). */
public record WriteResult(Node node, boolean created) {}
