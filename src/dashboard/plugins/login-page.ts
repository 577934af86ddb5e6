/** Escapes text for an HTML attribute or body; the one value put here from a request is the path to return to. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page a browser without a session lands on: one field for the token the dashboard printed at start.
 * A plain form, no script, so it works under the pages' content security policy as it is.
 */
export function loginPage(next: string, refused: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>streamdash: log in</title>
  <link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body>
<main>
  <div class="page-head">
    <h1>streamdash</h1>
    <p>This dashboard is reachable from other machines, so it asks for its token: the one it printed at start, or the one given with <code>--token</code>.</p>
  </div>
  <form method="post" action="/login" class="login">
    ${refused ? '<p id="login-refused" class="error">That token is not this dashboard&#39;s.</p>' : ''}
    <input type="hidden" name="next" value="${escapeHtml(next)}">
    <label>Token <input id="login-token" name="token" type="password" autocomplete="current-password" autofocus required></label>
    <button id="login-submit" type="submit">Log in</button>
  </form>
</main>
</body>
</html>
`;
}
