import type { ComponentChildren, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Loading } from './status.tsx';

type Loader = () => Promise<unknown>;

/**
 * Renders a component from a module that may not exist in this build (the demo and analytics
 * pages are built separately). Callers pass `import.meta.glob(...)` results: an empty object
 * when the file is absent, so the build never breaks and the fallback shows instead.
 */
export function OptionalModule<P extends object>(props: {
  modules: Record<string, Loader>;
  exportName: string;
  props: P;
  fallback: ComponentChildren;
}) {
  const loader = Object.values(props.modules)[0];
  const [component, setComponent] = useState<FunctionComponent<P> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!loader) return;
    loader().then(
      (mod) => {
        const found = (mod as Record<string, unknown>)[props.exportName];
        if (typeof found === 'function') setComponent(() => found as FunctionComponent<P>);
        else setFailed(true);
      },
      () => setFailed(true),
    );
  }, [loader, props.exportName]);
  if (!loader || failed) return <>{props.fallback}</>;
  if (!component) return <Loading />;
  const Component = component;
  return <Component {...props.props} />;
}
