// RDF/JS terms that carry their N-Triples form, escaped once with the term (a literal's in two parts, see Text). The
// converter's terms recur in many statements (a predicate in every record, a person in every record naming them, the
// work in thirty statements), so the line encoder copies this text instead of escaping or looking it up again each
// time.
import type { Literal, NamedNode, Term } from '@rdfjs/types';
import { encodeIri, escapeLiteralText, literalSuffix, type Encoded } from './termSyntax.js';

const utf8 = new TextEncoder();

export class Iri implements NamedNode, Encoded {
  readonly termType = 'NamedNode' as const;
  readonly nt: string;
  #ntBytes: Uint8Array | undefined;
  /**
   * The run whose shared graph last described this resource, and what that description said: kept here, not in a
   * map of the run's, since the converter holds the term at hand when it asks (see recordToQuads.ts).
   */
  describedIn: object | undefined = undefined;
  describedAs = '';

  constructor(readonly value: string) {
    this.nt = encodeIri(value);
  }

  /** `nt` in UTF-8, made when first asked for: the vocabulary's IRIs are copied as bytes into every line. */
  get ntBytes(): Uint8Array {
    return this.#ntBytes ??= utf8.encode(this.nt);
  }

  equals(other: Term | null | undefined): boolean {
    return other != null && other.termType === 'NamedNode' && other.value === this.value;
  }
}

const XSD_STRING = new Iri('http://www.w3.org/2001/XMLSchema#string');
const RDF_LANG_STRING = new Iri('http://www.w3.org/1999/02/22-rdf-syntax-ns#langString');

/** A literal's N-Triples form in its two parts, which a line writer copies one after the other between quotes. */
export interface EncodedLiteral {
  /** The text between the quotes, escaped. */
  readonly ntText: string;
  /** What follows the closing quote: `@lang`, `^^<datatype>` or nothing. */
  readonly ntSuffix: string;
}

export class Text implements Literal, Encoded, EncodedLiteral {
  readonly termType = 'Literal' as const;
  readonly language: string;
  readonly datatype: Iri;
  readonly ntText: string;
  readonly ntSuffix: string;
  #nt: string | undefined;

  /** A plain string, a language-tagged string (`language`), or a typed value (`datatype`). */
  constructor(readonly value: string, languageOrDatatype?: string | Iri) {
    this.language = typeof languageOrDatatype === 'string' ? languageOrDatatype.toLowerCase() : '';
    this.datatype = typeof languageOrDatatype === 'string' ? RDF_LANG_STRING : languageOrDatatype ?? XSD_STRING;
    this.ntText = escapeLiteralText(value);
    this.ntSuffix = this.datatype === XSD_STRING ? '' : literalSuffix(this.language, this.datatype.value, () => this.datatype.nt);
  }

  /**
   * The whole N-Triples form, made when first asked for: the line writer copies the parts, and a literal's text
   * (an abstract) joined to its quotes would be copied once more into one string before it was encoded.
   */
  get nt(): string {
    return this.#nt ??= `"${this.ntText}"${this.ntSuffix}`;
  }

  equals(other: Term | null | undefined): boolean {
    return other != null && other.termType === 'Literal' && other.value === this.value &&
      other.language === this.language && other.datatype.value === this.datatype.value;
  }
}
