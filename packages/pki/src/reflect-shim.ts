/**
 * @peculiar/x509 registers its algorithms with tsyringe, and tsyringe refuses to load unless a
 * Reflect metadata API exists (it reads `design:paramtypes` to construct injectables). The usual
 * answer is the `reflect-metadata` package; this package may not add dependencies, and x509's
 * injectables take no constructor arguments, so the three functions tsyringe calls are provided
 * here, on WeakMaps. A real polyfill loaded earlier is left in place; a process that needs the
 * whole reflect-metadata API (other decorator-based libraries) should load it before @triad/pki,
 * since reflect-metadata does not replace functions that already exist.
 *
 * Must run before '@peculiar/x509' is loaded: `x509.ts` imports it, then loads x509 dynamically.
 */
type Target = object;
type Key = string | symbol | undefined;

interface ReflectMetadata {
  defineMetadata(metadataKey: unknown, value: unknown, target: Target, propertyKey?: Key): void;
  getOwnMetadata(metadataKey: unknown, target: Target, propertyKey?: Key): unknown;
  getMetadata(metadataKey: unknown, target: Target, propertyKey?: Key): unknown;
}

const reflect = Reflect as typeof Reflect & Partial<ReflectMetadata>;

if (typeof reflect.getMetadata !== 'function') {
  // target -> property key ('' for the target itself) -> metadata key -> value
  const store = new WeakMap<Target, Map<string | symbol, Map<unknown, unknown>>>();
  const own = (target: Target, propertyKey: Key, create: boolean): Map<unknown, unknown> | undefined => {
    let byProperty = store.get(target);
    if (!byProperty) {
      if (!create) return undefined;
      byProperty = new Map();
      store.set(target, byProperty);
    }
    const slot = propertyKey ?? '';
    let values = byProperty.get(slot);
    if (!values && create) {
      values = new Map();
      byProperty.set(slot, values);
    }
    return values;
  };
  const shim: ReflectMetadata = {
    defineMetadata(metadataKey, value, target, propertyKey) {
      own(target, propertyKey, true)!.set(metadataKey, value);
    },
    getOwnMetadata(metadataKey, target, propertyKey) {
      return own(target, propertyKey, false)?.get(metadataKey);
    },
    // Like reflect-metadata: the first definition found walking up the prototype chain.
    getMetadata(metadataKey, target, propertyKey) {
      for (let t: Target | null = target; t !== null; t = Object.getPrototypeOf(t) as Target | null) {
        const values = own(t, propertyKey, false);
        if (values?.has(metadataKey)) return values.get(metadataKey);
      }
      return undefined;
    },
  };
  Object.assign(reflect, shim);
}

export {};
