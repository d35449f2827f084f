import { AssertionError } from 'node:assert';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * The served OpenAPI document as a checker of responses: given what a route answered, it fails unless the
 * status is one the operation documents and the body is valid against that status's schema.
 * Routes the document hides (the web app, /mcp, the Telegram webhook) are not checked; an operation it shows
 * with only fastify-swagger's placeholder (`200: Default Response`) fails every answer, so a route added
 * without its documentation cannot pass unnoticed.
 */

export interface JsonSchema {
  [keyword: string]: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface ResponseObject {
  description?: string;
  content?: Record<string, { schema?: JsonSchema }>;
}

export interface OperationObject {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, ResponseObject>;
}

export interface ApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** One operation of the document, with where it lives. */
export interface DocumentedOperation {
  method: string;
  /** The OpenAPI path, e.g. `/api/v1/customers/{id}`. */
  path: string;
  op: OperationObject;
}

/** What a route answered, as `call` saw it. */
export interface Exchange {
  method: string;
  /** The matched route as fastify writes it (`/api/v1/customers/:id`); undefined when no route matched. */
  route: string | undefined;
  status: number;
  contentType: string | undefined;
  text: string;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** `/customers/:id` → `/customers/{id}`. */
export const openApiPath = (route: string) => route.replace(/:(\w+)/g, '{$1}');

/** False for an operation fastify-swagger filled in with its placeholder: it documents no responses. */
export function documentsResponses(op: OperationObject): boolean {
  return Object.entries(op.responses ?? {}).some(
    ([status, r]) => !(status === '200' && r.description === 'Default Response' && !r.content),
  );
}

/** The documented answer for a status: the exact code, else its range (`4XX`), else `default`. */
export function responseFor(op: OperationObject, status: number): ResponseObject | undefined {
  const responses = op.responses ?? {};
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
}

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

const COMPONENTS_ID = 'urn:parley:openapi';

/** Points `#/components/schemas/X` at the one schema that holds every component, so refs resolve there. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      key === '$ref' && typeof v === 'string'
        ? v.replace('#/components/schemas/', `${COMPONENTS_ID}#/$defs/`)
        : rewriteRefs(v),
    ]),
  );
}

// ajv-formats is CommonJS with a default export; under NodeNext its type is the module namespace.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** A JSON Schema 2020-12 compiler that rejects what the spec does not define, bar OpenAPI's own keywords. */
export function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
  return ajv;
}

const excerpt = (text: string) => (text.length > 500 ? `${text.slice(0, 500)}…` : text);

export class Contract {
  readonly operations: DocumentedOperation[];
  private readonly ajv = strictAjv();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: ApiDocument) {
    this.operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.has(method))
        .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
    this.ajv.addSchema({
      $id: COMPONENTS_ID,
      $defs: rewriteRefs(document.components?.schemas ?? {}) as Record<string, JsonSchema>,
    });
  }

  operation(method: string, path: string): OperationObject | undefined {
    return this.document.paths[path]?.[method.toLowerCase()];
  }

  /** Throws an AssertionError naming the request when the answer breaks the document. */
  check(x: Exchange): void {
    if (!x.route) return;
    const path = openApiPath(x.route);
    const op = this.operation(x.method, path);
    if (!op) return;
    const what = `${x.method} ${path} answered ${x.status}`;
    const fail: (why: string) => never = (why) => {
      throw new AssertionError({ message: `${what}: ${why}\nbody: ${excerpt(x.text)}` });
    };
    if (!documentsResponses(op)) fail('the operation documents no responses');

    const response = responseFor(op, x.status);
    if (!response) {
      fail(`a status the document does not list (it lists ${Object.keys(op.responses ?? {}).join(', ')})`);
    }
    const content = response.content;
    if (x.status === 204 || !content) {
      if (x.text !== '') fail('a body where the document says there is none');
      return;
    }
    const mediaType = x.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
    const media = content[mediaType] ?? content['*/*'];
    if (!media) {
      fail(`content type "${mediaType}", not one documented (${Object.keys(content).join(', ')})`);
    }
    if (!isJson(mediaType) || !media.schema) return;
    let body: unknown;
    try {
      body = JSON.parse(x.text);
    } catch {
      fail('a body that is not JSON');
    }
    const validate = this.validator(`${x.method} ${path} ${x.status}`, media.schema);
    if (!validate(body)) {
      const errors = this.ajv.errorsText(validate.errors?.slice(0, 5), { separator: '; ' });
      fail(`a body its schema refuses: ${errors}`);
    }
  }

  /**
   * Compiles every schema the document holds (components, parameters, request and response bodies) and
   * returns what the compiler refused, one line each.
   */
  schemaProblems(): string[] {
    const problems: string[] = [];
    const tryCompile = (where: string, schema: unknown) => {
      try {
        this.ajv.compile(rewriteRefs(schema) as JsonSchema);
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    };
    for (const name of Object.keys(this.document.components?.schemas ?? {})) {
      tryCompile(`components/schemas/${name}`, { $ref: `#/components/schemas/${name}` });
    }
    for (const { method, path, op } of this.operations) {
      for (const p of op.parameters ?? [])
        if (p.schema) tryCompile(`${method} ${path} ${p.in} ${p.name}`, p.schema);
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        if (media.schema) tryCompile(`${method} ${path} body ${type}`, media.schema);
      }
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        for (const [type, media] of Object.entries(response.content ?? {})) {
          if (media.schema) tryCompile(`${method} ${path} ${status} ${type}`, media.schema);
        }
      }
    }
    return problems;
  }

  /** Compiles a schema once per operation and status. */
  private validator(key: string, schema: JsonSchema): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(schema) as JsonSchema);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

const contracts = new Map<string, Contract>();

/**
 * The checker for a document, one per distinct document in the process: every test app serves the same one,
 * so schemas compile once for the whole run rather than once per app.
 */
export function contractOf(document: ApiDocument): Contract {
  const key = JSON.stringify(document);
  let contract = contracts.get(key);
  if (!contract) {
    contract = new Contract(document);
    contracts.set(key, contract);
  }
  return contract;
}
