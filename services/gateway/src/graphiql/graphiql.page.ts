/** Where the gateway serves GraphiQL's own files. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';

/**
 * The GraphiQL page. URLs are relative to the page's own origin, so it works behind any host name;
 * the subscription URL is derived from the page location (ws:// or wss://).
 */
export function renderGraphiqlPage(graphqlPath: string): string {
  const asset = (name: string) => `${GRAPHIQL_ASSET_PREFIX}${name}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Meshplane GraphiQL</title>
    <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
    <link rel="stylesheet" href="${asset('graphiql.min.css')}" />
  </head>
  <body>
    <div id="graphiql">Loading…</div>
    <script src="${asset('react.production.min.js')}"></script>
    <script src="${asset('react-dom.production.min.js')}"></script>
    <script src="${asset('graphiql.min.js')}"></script>
    <script>
      const path = ${JSON.stringify(graphqlPath)};
      const wsScheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const fetcher = GraphiQL.createFetcher({
        url: location.origin + path,
        subscriptionUrl: wsScheme + '//' + location.host + path,
      });
      ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, { fetcher }));
    </script>
  </body>
</html>`;
}
