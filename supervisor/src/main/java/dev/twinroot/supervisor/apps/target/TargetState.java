package dev.twinroot.supervisor.apps.target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the device should run: a named release of services. {@link TargetStateParser} builds it from untrusted
 * JSON (the channel or the local API) and checks that every dependency names a service and that there is no
 * cycle, so {@link #startOrder} always exists.
 */
public record TargetState(String release, Map<String, Service> services) {

    public TargetState {
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    public Optional<Service> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /** The services, each after those it depends on; ties keep the document's order. */
    public List<Service> startOrder() {
        List<Service> order = new ArrayList<>();
        List<String> placed = new ArrayList<>();
        while (order.size() < services.size()) {
            boolean progress = false;
            for (Service s : services.values()) {
                if (!placed.contains(s.name()) && placed.containsAll(s.dependsOn())) {
                    order.add(s);
                    placed.add(s.name());
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("dependency cycle: the parser should have refused it");
            }
        }
        return List.copyOf(order);
    }
}
