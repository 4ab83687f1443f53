package org.kiste.files;

import org.kiste.model.FilePath;
import org.kiste.model.Node;

/** A node with its path in the principal's tree, as favourites and search results return them. */
public record Located(Node node, FilePath path) {}
