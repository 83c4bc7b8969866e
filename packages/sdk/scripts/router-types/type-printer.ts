import ts from 'typescript';

/** Where a type comes from, which decides how the printer writes it. */
export type TypeOrigin =
  { kind: 'lib' } | { kind: 'import'; name: string } | { kind: 'local' };

/** Settings of {@link createTypePrinter}. */
export interface TypePrinterSettings {
  checker: ts.TypeChecker;
  /**
   * Decides where a named type (interface, class or type alias) comes from:
   * `lib` types (`Date`, `Record`) are written by name, `import` types are
   * written by name and imported, and `local` ones are written out.
   */
  originOf: (symbol: ts.Symbol) => TypeOrigin;
}

/** One declaration the printer wrote out, in the order it was first needed. */
export interface PrintedDeclaration {
  name: string;
  text: string;
  documentation: string;
}

/** Turns compiler types into self-contained TypeScript type text. */
export interface TypePrinter {
  /** The type as text; `path` names the place in the router, for errors. */
  print: (type: ts.Type, path: string) => string;
  /** Declares `type <name> = …` for a type and prints it by that name. */
  declare: (type: ts.Type, name: string) => string;
  /** Every local declaration printed so far. */
  declarations: () => PrintedDeclaration[];
  /** Every imported name used so far. */
  imports: () => string[];
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const INTRINSIC_NAMES: Array<[ts.TypeFlags, string]> = [
  [ts.TypeFlags.Any, 'any'],
  [ts.TypeFlags.Unknown, 'unknown'],
  [ts.TypeFlags.String, 'string'],
  [ts.TypeFlags.Number, 'number'],
  [ts.TypeFlags.BigInt, 'bigint'],
  [ts.TypeFlags.ESSymbol, 'symbol'],
  [ts.TypeFlags.Void, 'void'],
  [ts.TypeFlags.Undefined, 'undefined'],
  [ts.TypeFlags.Null, 'null'],
  [ts.TypeFlags.Never, 'never'],
  [ts.TypeFlags.NonPrimitive, 'object'],
];

function objectFlags(type: ts.Type): ts.ObjectFlags {
  return type.flags & ts.TypeFlags.Object
    ? (type as ts.ObjectType).objectFlags
    : 0;
}

/** A printed member that needs parentheses inside `T[]`, `A | B` or `A & B`. */
function isCompound(text: string): boolean {
  let depth = 0;
  for (const character of text) {
    if ('{[(<'.includes(character)) depth += 1;
    else if ('}])>'.includes(character)) depth -= 1;
    else if (depth === 0 && (character === '|' || character === '&')) {
      return true;
    }
  }
  return false;
}

function wrap(text: string): string {
  return isCompound(text) ? `(${text})` : text;
}

function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function docComment(text: string, indent: string): string {
  if (text.trim() === '') return '';
  const lines = text.trim().replaceAll('*/', '*\\/').split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

/**
 * Creates a printer that writes compiler types out structurally, so the
 * result depends on no module but the ones `originOf` sends to `import`.
 * Named local types without type arguments (interfaces, `JSONType`) become
 * declarations; recursive anonymous types get a generated name.
 */
export function createTypePrinter(settings: TypePrinterSettings): TypePrinter {
  const { checker, originOf } = settings;
  const names = new Map<ts.Type, string>();
  const usedNames = new Set<string>();
  const declarations: PrintedDeclaration[] = [];
  const imports = new Set<string>();
  const inProgress = new Set<ts.Type>();
  const recursive = new Map<ts.Type, string>();

  function uniqueName(base: string): string {
    const clean = base.replace(/[^\w$]/g, '_') || 'Type';
    let candidate = clean;
    for (let index = 2; usedNames.has(candidate); index += 1) {
      candidate = `${clean}${index}`;
    }
    usedNames.add(candidate);
    return candidate;
  }

  function declareAs(
    type: ts.Type,
    name: string,
    options: { path: string; documentation?: string },
  ): string {
    const existing = names.get(type);
    if (existing !== undefined) return existing;
    names.set(type, name);
    const index = declarations.length;
    declarations.push({ name, text: '', documentation: '' });
    declarations[index] = {
      name,
      text: printStructure(type, options.path),
      documentation: options.documentation ?? '',
    };
    return name;
  }

  /** The symbol naming a type, when it is a named, non-generic type. */
  function namingSymbol(type: ts.Type): ts.Symbol | undefined {
    if (type.aliasSymbol !== undefined) {
      return (type.aliasTypeArguments?.length ?? 0) === 0
        ? type.aliasSymbol
        : undefined;
    }
    const symbol = type.getSymbol();
    if (
      symbol === undefined ||
      (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class)) === 0
    ) {
      return undefined;
    }
    const reference = type as ts.TypeReference;
    const hasArguments =
      (objectFlags(type) & ts.ObjectFlags.Reference) !== 0 &&
      checker.getTypeArguments(reference).length > 0;
    return hasArguments ? undefined : symbol;
  }

  function referenceArguments(type: ts.Type): readonly ts.Type[] {
    if (type.aliasSymbol !== undefined) return type.aliasTypeArguments ?? [];
    if ((objectFlags(type) & ts.ObjectFlags.Reference) === 0) return [];
    const reference = type as ts.TypeReference;
    const count = reference.target.typeParameters?.length ?? 0;
    return checker.getTypeArguments(reference).slice(0, count);
  }

  function printByName(type: ts.Type, name: string, path: string): string {
    const typeArguments = referenceArguments(type);
    if (typeArguments.length === 0) return name;
    const printed = typeArguments.map((argument, index) =>
      print(argument, `${path}<${index}>`),
    );
    return `${name}<${printed.join(', ')}>`;
  }

  function print(type: ts.Type, path: string): string {
    const known = names.get(type) ?? recursive.get(type);
    if (known !== undefined) return known;
    if (inProgress.has(type)) {
      const name = uniqueName(
        type.aliasSymbol?.name ?? type.getSymbol()?.name ?? 'Recursive',
      );
      recursive.set(type, name);
      return name;
    }

    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol !== undefined && (type.flags & ts.TypeFlags.Object) !== 0) {
      const origin = originOf(symbol);
      if (origin.kind === 'lib' && !checker.isArrayType(type)) {
        return printByName(type, symbol.name, path);
      }
      if (origin.kind === 'import') {
        imports.add(origin.name);
        return printByName(type, origin.name, path);
      }
    }
    if (type.aliasSymbol !== undefined) {
      const origin = originOf(type.aliasSymbol);
      if (origin.kind === 'lib') {
        return printByName(type, type.aliasSymbol.name, path);
      }
      if (origin.kind === 'import') {
        imports.add(origin.name);
        return printByName(type, origin.name, path);
      }
    }

    const naming = namingSymbol(type);
    if (naming !== undefined && originOf(naming).kind === 'local') {
      const documentation = ts.displayPartsToString(
        naming.getDocumentationComment(checker),
      );
      return declareAs(type, uniqueName(naming.name), {
        path,
        documentation,
      });
    }

    inProgress.add(type);
    const text = printStructure(type, path);
    inProgress.delete(type);
    const recursiveName = recursive.get(type);
    if (recursiveName === undefined) return text;
    names.set(type, recursiveName);
    declarations.push({ name: recursiveName, text, documentation: '' });
    return recursiveName;
  }

  function printStructure(type: ts.Type, path: string): string {
    for (const [flag, name] of INTRINSIC_NAMES) {
      if (type.flags & flag) return name;
    }
    if (type.isStringLiteral()) return JSON.stringify(type.value);
    if (type.isNumberLiteral()) return String(type.value);
    if (type.flags & ts.TypeFlags.BooleanLiteral) {
      return checker.typeToString(type);
    }
    if (type.flags & ts.TypeFlags.BigIntLiteral) {
      const { negative, base10Value } = (type as ts.BigIntLiteralType).value;
      return `${negative ? '-' : ''}${base10Value}n`;
    }
    if (
      type.flags &
      (ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)
    ) {
      return checker.typeToString(type);
    }
    if (type.isUnion()) return printUnion(type, path);
    if (type.isIntersection()) {
      return type.types.map((member) => wrap(print(member, path))).join(' & ');
    }
    if (type.flags & ts.TypeFlags.Object) return printObject(type, path);
    throw new Error(
      `Cannot write the type at ${path} (${checker.typeToString(type)}) ` +
        'without its module: give that procedure an explicit, serialisable type.',
    );
  }

  function printUnion(type: ts.UnionType, path: string): string {
    const members = type.types.filter(
      (member) => !(member.flags & ts.TypeFlags.BooleanLiteral),
    );
    const booleans = type.types.filter(
      (member) => member.flags & ts.TypeFlags.BooleanLiteral,
    );
    const printed = members.map((member) => wrap(print(member, path)));
    if (booleans.length === 2) printed.push('boolean');
    else printed.push(...booleans.map((member) => print(member, path)));
    // `T | undefined` reads better than `undefined | T`.
    const isEmpty = (text: string) => text === 'undefined' || text === 'null';
    return [
      ...printed.filter((text) => !isEmpty(text)),
      ...printed.filter(isEmpty),
    ].join(' | ');
  }

  function printObject(type: ts.Type, path: string): string {
    if (checker.isTupleType(type))
      return printTuple(type as ts.TupleTypeReference, path);
    if (checker.isArrayType(type)) {
      const reference = type as ts.TypeReference;
      const [element] = checker.getTypeArguments(reference);
      const isReadonly = reference.target.getSymbol()?.name === 'ReadonlyArray';
      const elementText =
        element === undefined ? 'unknown' : print(element, `${path}[]`);
      return `${isReadonly ? 'readonly ' : ''}${wrap(elementText)}[]`;
    }
    if (
      type.getCallSignatures().length > 0 ||
      type.getConstructSignatures().length > 0
    ) {
      throw new Error(
        `The type at ${path} is a function (${checker.typeToString(type)}); ` +
          'router inputs and outputs must be data.',
      );
    }
    const members: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const name = property.getName();
      if (name.startsWith('__@')) {
        throw new Error(`The type at ${path} has a symbol-keyed property.`);
      }
      const isOptional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const isReadonly = (property.declarations ?? []).some(
        (declaration) =>
          (ts.getCombinedModifierFlags(declaration) &
            ts.ModifierFlags.Readonly) !==
          0,
      );
      const documentation = ts.displayPartsToString(
        property.getDocumentationComment(checker),
      );
      const propertyType = print(
        checker.getTypeOfSymbol(property),
        `${path}.${name}`,
      );
      members.push(
        `${docComment(documentation, '  ')}  ${isReadonly ? 'readonly ' : ''}${propertyKey(name)}${isOptional ? '?' : ''}: ${propertyType};`,
      );
    }
    for (const info of checker.getIndexInfosOfType(type)) {
      const key = print(info.keyType, `${path}[key]`);
      const value = print(info.type, `${path}[${key}]`);
      members.push(
        `  ${info.isReadonly ? 'readonly ' : ''}[key: ${key}]: ${value};`,
      );
    }
    if (members.length === 0) return '{}';
    return `{\n${members.join('\n')}\n}`;
  }

  function printTuple(type: ts.TupleTypeReference, path: string): string {
    const elements = checker.getTypeArguments(type);
    const flags = type.target.elementFlags;
    const printed = elements.map((element, index) => {
      const text = print(element, `${path}[${index}]`);
      const flag = flags[index] ?? ts.ElementFlags.Required;
      if (flag & ts.ElementFlags.Rest) return `...${wrap(text)}[]`;
      if (flag & ts.ElementFlags.Optional) return `${wrap(text)}?`;
      return text;
    });
    return `${type.target.readonly ? 'readonly ' : ''}[${printed.join(', ')}]`;
  }

  return {
    print,
    declare: (type, name) => {
      usedNames.add(name);
      return declareAs(type, name, { path: name });
    },
    declarations: () => declarations.filter((entry) => entry.text !== ''),
    imports: () => [...imports].sort(),
  };
}
