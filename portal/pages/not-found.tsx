export function NotFoundPage() {
  return (
    <main class="page narrow" id="main">
      <h1>Page not found</h1>
      <p>That page does not exist or has moved.</p>
      <p>
        <a href="/app">Go to your dashboard</a> or <a href="/">see our plans</a>.
      </p>
    </main>
  );
}
