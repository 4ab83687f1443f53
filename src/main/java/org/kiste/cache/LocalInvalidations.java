package org.kiste.cache;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/** Invalidations within one server process: every message reaches the subscribers at once, on the caller's thread. */
public final class LocalInvalidations implements Invalidations {
    private final Map<Topic, List<LongConsumer>> subscribers = new EnumMap<>(Topic.class);

    public LocalInvalidations() {
        for (Topic t : Topic.values()) {
            subscribers.put(t, new CopyOnWriteArrayList<>());
        }
    }

    @Override
    public void publish(Topic topic, long id) {
        for (LongConsumer c : subscribers.get(topic)) {
            c.accept(id);
        }
    }

    @Override
    public void subscribe(Topic topic, LongConsumer forget) {
        subscribers.get(topic).add(forget);
    }
}
