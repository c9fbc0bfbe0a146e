// @modelcontextprotocol/sdk's type declarations name the DOM's `HeadersInit`, which Node's types
// do not declare globally; the project compiles without the DOM library, so it is supplied here.
type HeadersInit = ConstructorParameters<typeof Headers>[0];
