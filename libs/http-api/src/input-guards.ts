import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error.js';
import { checkJsonLimits, type JsonLimits } from './json-limits.js';
import {
  controlCharacterAt,
  escapeForStorage,
  findUnstorableText,
  isValidUtf8,
} from './text-rules.js';

/**
 * The input edge every service shares: request bodies, path parameters and
 * query strings are checked here before any route code sees them, so no
 * client input can reach Postgres as text it cannot store, or a parser or
 * validator in a shape that overflows its stack.
 */
export const MAX_PATH_PARAMETER_LENGTH = 256;

export const invalidUtf8 = (what: string) =>
  new ApiError(400, 'invalid_utf8', `${what} is not valid UTF-8`);

/**
 * Body-parser `verify` hook: runs on the raw bytes before `JSON.parse`.
 * Invalid UTF-8 is refused (400 `invalid_utf8`) rather than silently
 * replaced; then nesting depth and key count (`json_too_deep`,
 * `too_many_keys`). The thrown `ApiError` carries its status, so the
 * exception filter answers with its code.
 */
export function verifyJsonBody(limits: JsonLimits) {
  return (request: RefusedBodyRequest, _response: unknown, body: Uint8Array): void => {
    let refusal: ApiError | null = null;
    if (!isValidUtf8(body)) {
      refusal = invalidUtf8('request body');
    } else {
      const breach = checkJsonLimits(body, limits);
      if (breach) refusal = new ApiError(400, breach.code, breach.message);
    }
    if (refusal) {
      // Kept for whoever records the refusal (ingest's rejections); never parsed.
      request.refusedBody = body;
      throw refusal;
    }
  };
}

/** A request whose body the parser refused keeps its raw bytes here. */
export interface RefusedBodyRequest {
  refusedBody?: Uint8Array;
}

/**
 * Global pipe: a path parameter or query value that holds a control
 * character, or a path parameter over `MAX_PATH_PARAMETER_LENGTH`, is a 400
 * (`invalid_path_parameter`, `invalid_query_parameter`); a body string or
 * key that Postgres cannot store (NUL, unpaired surrogate) is a 400
 * `invalid_text` naming the field.
 */
@Injectable()
export class InputGuardPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    switch (metadata.type) {
      case 'param':
        checkPathParameter(metadata.data ?? 'path', value);
        return value;
      case 'query': {
        const at = findControlText(value);
        if (at !== null) {
          throw new ApiError(
            400,
            'invalid_query_parameter',
            'query parameters must not contain control characters',
            [{ field: at === '' ? (metadata.data ?? 'query') : at, reason: 'control character' }],
          );
        }
        return value;
      }
      case 'body': {
        const at = findUnstorableText(value);
        if (at !== null) {
          throw new ApiError(
            400,
            'invalid_text',
            'strings must not contain U+0000 or unpaired surrogates',
            [{ field: at, reason: 'U+0000 or an unpaired surrogate' }],
          );
        }
        return value;
      }
      case 'custom':
        return value;
    }
  }
}

function checkPathParameter(name: string, value: unknown): void {
  if (typeof value !== 'string') return;
  let reason: string | null = null;
  if (value.length > MAX_PATH_PARAMETER_LENGTH) {
    reason = `must be at most ${MAX_PATH_PARAMETER_LENGTH} characters`;
  } else if (controlCharacterAt(value) >= 0) {
    reason = 'must not contain control characters';
  }
  if (reason !== null) {
    throw new ApiError(400, 'invalid_path_parameter', `path parameter "${name}" ${reason}`, [
      { field: name, reason },
    ]);
  }
}

/** Path of the first query value with a control character or lone surrogate, or null. */
function findControlText(value: unknown): string | null {
  if (typeof value === 'string') {
    return controlCharacterAt(value) >= 0 ? '' : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  // Express's query parser nests at most a few levels; walk it iteratively anyway.
  const stack: { node: unknown; path: string }[] = [{ node: value, path: '' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: unknown; path: string };
    if (typeof node === 'string') {
      if (controlCharacterAt(node) >= 0) return path;
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) {
        const at = path === '' ? key : `${path}.${key}`;
        if (controlCharacterAt(key) >= 0) return escapeForStorage(at);
        stack.push({ node: item, path: at });
      }
    }
  }
  return null;
}
