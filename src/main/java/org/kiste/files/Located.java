package org.kiste.files;

/** A node with its path in the principal's tree, as favourites and search results return them. */
public record Located(Node node, FilePath path) {
}
