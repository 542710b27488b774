package org.tbptt4j.experiment;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity of a trial in the journal: its configuration's canonical fields and its repeat,
 * {@code RunConfig[strategy=naive, length=50, ..., loss=null]#3}. The fields are {@link RunConfig}'s
 * components in declaration order, each {@code name=String.valueOf(value)}: exactly what release
 * 0.1 wrote (its key was {@code RunConfig.toString()}), so its journals resume unchanged.
 *
 * <p>Stable when fields are added: a component added later is listed in {@link #ADDED} with the
 * value that behaves as before it existed, and is left out of the key while it has that value, so
 * every trial journalled before keeps its key.
 */
public final class TrialKey {

    /**
     * Components added after release 0.1, by name, with the value that means "as before": add an
     * entry with every new component of {@link RunConfig}.
     */
    static final Map<String, Object> ADDED = Map.of("maxUpdates", 0L, "maxSeconds", 0.0);

    private static final RecordComponent[] COMPONENTS = RunConfig.class.getRecordComponents();

    private TrialKey() {
    }

    /** The key of repeat {@code repeat} of configuration {@code c}. */
    public static String of(RunConfig c, int repeat) {
        return prefix(c) + repeat;
    }

    /** The key without its repeat, ending in '#': every repeat of {@code c} starts with it. */
    public static String prefix(RunConfig c) {
        List<String> fields = new ArrayList<>();
        for (RecordComponent rc : COMPONENTS) {
            Object value = valueOf(rc, c);
            if (ADDED.containsKey(rc.getName()) && ADDED.get(rc.getName()).equals(value)) {
                continue;
            }
            fields.add(rc.getName() + "=" + value);
        }
        return "RunConfig[" + String.join(", ", fields) + "]#";
    }

    /**
     * The configuration a key names, the way back of {@link #of}: release 0.1's journal records
     * carry their full configuration only in the key. A component the key lacks takes its
     * {@link #ADDED} value.
     *
     * @throws IllegalArgumentException when the text is not such a key
     */
    static RunConfig parse(String key) {
        int hash = key.lastIndexOf("]#");
        if (!key.startsWith("RunConfig[") || hash < 0) {
            throw new IllegalArgumentException("the key '" + key + "' is not RunConfig[...]#repeat");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : key.substring("RunConfig[".length(), hash).split(", ")) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("the key '" + key + "' has a field without '=': " + field);
            }
            fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        Object[] args = new Object[COMPONENTS.length];
        Class<?>[] types = new Class<?>[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            RecordComponent rc = COMPONENTS[i];
            types[i] = rc.getType();
            String text = fields.get(rc.getName());
            if (text == null && !ADDED.containsKey(rc.getName())) {
                throw new IllegalArgumentException("the key '" + key + "' has no field " + rc.getName());
            }
            args[i] = text == null ? ADDED.get(rc.getName()) : value(rc.getType(), text);
        }
        try {
            Constructor<RunConfig> canonical = RunConfig.class.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("the key '" + key + "' is not a configuration: " + e.getCause(), e);
        }
    }

    /** The repeat a key ends with. */
    static int repeatOf(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('#') + 1));
    }

    private static Object valueOf(RecordComponent rc, RunConfig c) {
        try {
            return rc.getAccessor().invoke(c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(Class<?> type, String text) {
        if (text.equals("null")) {
            return null;
        }
        if (type == int.class) {
            return Integer.parseInt(text);
        }
        if (type == long.class) {
            return Long.parseLong(text);
        }
        if (type == double.class) {
            return Double.parseDouble(text);
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(text);
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class) type, text);
        }
        if (type == String.class) {
            return text;
        }
        throw new IllegalStateException("TrialKey cannot read a " + type + " back: teach TrialKey.value that type");
    }
}
