package dev.graft.ui.common;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javafx.util.Callback;

/**
 * Builds FXML controllers with their dependencies (constructor injection) instead of letting
 * FXMLLoader call a no-argument constructor: each controller gets its view-model, and nothing
 * reaches into another controller's nodes. Used for the root view and every {@code fx:include}.
 */
public final class ControllerFactory implements Callback<Class<?>, Object> {

    private final Map<Class<?>, Supplier<?>> makers = new HashMap<>();

    /**
     * Registers how a controller is made.
     *
     * @param type the controller class named in an FXML file
     * @param maker makes it
     * @param <T> controller type
     * @return this
     */
    public <T> ControllerFactory with(Class<T> type, Supplier<? extends T> maker) {
        makers.put(type, maker);
        return this;
    }

    @Override
    public Object call(Class<?> type) {
        Supplier<?> maker = makers.get(type);
        if (maker == null) {
            throw new IllegalStateException("No controller registered for " + type.getName());
        }
        return maker.get();
    }
}
