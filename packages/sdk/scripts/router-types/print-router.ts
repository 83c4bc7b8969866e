import ts from 'typescript';
import { propertyType } from './compiler-host';
import type { TypePrinter } from './type-printer';

export const PROCEDURE_TYPES: Record<string, string> = {
  query: 'TRPCQueryProcedure',
  mutation: 'TRPCMutationProcedure',
  subscription: 'TRPCSubscriptionProcedure',
};

interface RouterPrinting {
  checker: ts.TypeChecker;
  printer: TypePrinter;
}

/**
 * A router's record (nested routers and procedures) as type text: each
 * procedure as `TRPC<Kind>Procedure<{ input; output; meta; errorShape }>`,
 * with the procedures' doc comments kept.
 */
export function printRouterRecord(
  printing: RouterPrinting,
  record: ts.Type,
  at: { path: string; indent: string } = { path: '', indent: '' },
): string {
  const { path, indent } = at;
  const { checker } = printing;
  const entries = checker.getPropertiesOfType(record).map((property) => {
    const name = property.getName();
    const entryPath = path === '' ? name : `${path}.${name}`;
    const value = checker.getTypeOfSymbol(property);
    const text = isProcedure(checker, value)
      ? printProcedure(printing, value, entryPath)
      : printRouterRecord(printing, value, {
          path: entryPath,
          indent: `${indent}  `,
        });
    const documentation = ts.displayPartsToString(
      property.getDocumentationComment(checker),
    );
    const doc =
      documentation === ''
        ? ''
        : `${indent}  /** ${documentation.replaceAll('\n', ' ')} */\n`;
    return `${doc}${indent}  ${name}: ${text};`;
  });
  return `{\n${entries.join('\n')}\n${indent}}`;
}

function isProcedure(checker: ts.TypeChecker, value: ts.Type): boolean {
  const definition = checker.getPropertyOfType(value, '_def');
  return (
    definition !== undefined &&
    checker.getPropertyOfType(
      checker.getTypeOfSymbol(definition),
      'procedure',
    ) !== undefined
  );
}

function printProcedure(
  { checker, printer }: RouterPrinting,
  procedure: ts.Type,
  path: string,
): string {
  const definition = propertyType(checker, procedure, '_def');
  const kind = checker.typeToString(propertyType(checker, definition, 'type'));
  const wrapper = PROCEDURE_TYPES[kind.replaceAll('"', '')];
  if (wrapper === undefined) {
    throw new Error(`Unknown procedure type ${kind} at ${path}.`);
  }
  const types = propertyType(checker, definition, '$types');
  const part = (name: string) =>
    printer.print(propertyType(checker, types, name), `${path}:${name}`);
  const input = part('input');
  const output = part('output');
  const errorShape = part('errorShape');
  const meta = printer.print(
    propertyType(checker, procedure, 'meta'),
    `${path}:meta`,
  );
  const isObservable =
    checker.getPropertyOfType(procedure, '_observable') !== undefined;
  const body =
    `${wrapper}<{ input: ${input}; output: ${output}; ` +
    `meta: ${meta}; errorShape: ${errorShape} }>`;
  return isObservable ? `${body} & { _observable: true }` : body;
}
