package org.kiste.authz;

/** One row of the authorisation matrix: through this door, this actor doing this operation gets that. */
record Case(int row, Door door, Op op, Actor actor, Expect expect) {
    @Override
    public String toString() {
        return String.format("#%03d %s %s as %s → %s", row, door, op.label, actor.column, expect);
    }
}
