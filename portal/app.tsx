import { useEffect, useState } from 'preact/hooks';
import { SignInPage } from './pages/sign-in.tsx';

/** A tiny router over location.pathname; pages are plain components. */
function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return path;
}

export function App() {
  const path = usePath();
  if (path.startsWith('/signin')) return <SignInPage />;
  return (
    <main class="page">
      <h1>AI Receptionist</h1>
      <p>An AI receptionist that answers your business calls, books appointments and takes messages.</p>
      <p>
        <a href="/signin">Sign in</a> · <a href="/docs">API documentation</a>
      </p>
    </main>
  );
}
