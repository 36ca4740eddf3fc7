// The query page a browser gets at /sparql: YASGUI served from the npm package (no CDN), with the examples as tabs.
import { escapeUTF8 } from 'entities';
import type { ExampleQuery } from '../sparql/examples.js';

/** Where app.ts serves the YASGUI build. */
export const YASGUI_ASSETS = '/assets/yasgui';

export function renderQueryPage(options: { endpoint: string; title: string; examples: readonly ExampleQuery[] }): string {
  // JSON in a script element: "<" is escaped so that no text can close the element.
  const data = JSON.stringify({ endpoint: options.endpoint, examples: options.examples }).replace(/</g, '\\u003c');
  const title = escapeUTF8(options.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${YASGUI_ASSETS}/yasgui.min.css">
<style>body { font-family: system-ui, sans-serif; margin: 0 1rem; } h1 { font-size: 1.3rem; }</style>
</head>
<body>
<h1>${title}</h1>
<p>Query the graph with SPARQL 1.1. The tabs hold example queries; machines can GET or POST to this same URL.</p>
<div id="yasgui"></div>
<script type="application/json" id="page-data">${data}</script>
<script src="${YASGUI_ASSETS}/yasgui.min.js"></script>
<script>
  const { endpoint, examples } = JSON.parse(document.getElementById('page-data').textContent);
  const yasgui = new Yasgui(document.getElementById('yasgui'), {
    requestConfig: { endpoint, method: 'POST' },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: examples.length === 0,
  });
  examples.forEach((example, index) => yasgui.addTab(index === 0, {
    name: example.title, yasqe: { value: example.query }, requestConfig: { endpoint, method: 'POST' },
  }));
</script>
</body>
</html>
`;
}
