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
  return new StructuralTypePrinter(settings.checker, settings.originOf);
}

class StructuralTypePrinter implements TypePrinter {
  private readonly names = new Map<ts.Type, string>();
  private readonly usedNames = new Set<string>();
  private readonly printed: PrintedDeclaration[] = [];
  private readonly importNames = new Set<string>();
  private readonly inProgress = new Set<ts.Type>();
  private readonly recursive = new Map<ts.Type, string>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly originOf: (symbol: ts.Symbol) => TypeOrigin,
  ) {}

  declare(type: ts.Type, name: string): string {
    this.usedNames.add(name);
    return this.declareAs(type, name, { path: name });
  }

  declarations(): PrintedDeclaration[] {
    return this.printed.filter((entry) => entry.text !== '');
  }

  imports(): string[] {
    return [...this.importNames].sort();
  }

  private uniqueName(base: string): string {
    const clean = base.replace(/[^\w$]/g, '_') || 'Type';
    let candidate = clean;
    for (let index = 2; this.usedNames.has(candidate); index += 1) {
      candidate = `${clean}${index}`;
    }
    this.usedNames.add(candidate);
    return candidate;
  }

  private declareAs(
    type: ts.Type,
    name: string,
    options: { path: string; documentation?: string },
  ): string {
    const existing = this.names.get(type);
    if (existing !== undefined) return existing;
    this.names.set(type, name);
    const index = this.printed.length;
    this.printed.push({ name, text: '', documentation: '' });
    this.printed[index] = {
      name,
      text: this.printStructure(type, options.path),
      documentation: options.documentation ?? '',
    };
    return name;
  }

  /** The symbol naming a type, when it is a named, non-generic type. */
  private namingSymbol(type: ts.Type): ts.Symbol | undefined {
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
      this.checker.getTypeArguments(reference).length > 0;
    return hasArguments ? undefined : symbol;
  }

  private referenceArguments(type: ts.Type): readonly ts.Type[] {
    if (type.aliasSymbol !== undefined) return type.aliasTypeArguments ?? [];
    if ((objectFlags(type) & ts.ObjectFlags.Reference) === 0) return [];
    const reference = type as ts.TypeReference;
    const count = reference.target.typeParameters?.length ?? 0;
    return this.checker.getTypeArguments(reference).slice(0, count);
  }

  private printByName(type: ts.Type, name: string, path: string): string {
    const typeArguments = this.referenceArguments(type);
    if (typeArguments.length === 0) return name;
    const printed = typeArguments.map((argument, index) =>
      this.print(argument, `${path}<${index}>`),
    );
    return `${name}<${printed.join(', ')}>`;
  }

  print(type: ts.Type, path: string): string {
    const known = this.names.get(type) ?? this.recursive.get(type);
    if (known !== undefined) return known;
    if (this.inProgress.has(type)) {
      const name = this.uniqueName(
        type.aliasSymbol?.name ?? type.getSymbol()?.name ?? 'Recursive',
      );
      this.recursive.set(type, name);
      return name;
    }

    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol !== undefined && (type.flags & ts.TypeFlags.Object) !== 0) {
      const origin = this.originOf(symbol);
      if (origin.kind === 'lib' && !this.checker.isArrayType(type)) {
        return this.printByName(type, symbol.name, path);
      }
      if (origin.kind === 'import') {
        this.importNames.add(origin.name);
        return this.printByName(type, origin.name, path);
      }
    }
    if (type.aliasSymbol !== undefined) {
      const origin = this.originOf(type.aliasSymbol);
      if (origin.kind === 'lib') {
        return this.printByName(type, type.aliasSymbol.name, path);
      }
      if (origin.kind === 'import') {
        this.importNames.add(origin.name);
        return this.printByName(type, origin.name, path);
      }
    }

    const naming = this.namingSymbol(type);
    if (naming !== undefined && this.originOf(naming).kind === 'local') {
      const documentation = ts.displayPartsToString(
        naming.getDocumentationComment(this.checker),
      );
      return this.declareAs(type, this.uniqueName(naming.name), {
        path,
        documentation,
      });
    }

    this.inProgress.add(type);
    const text = this.printStructure(type, path);
    this.inProgress.delete(type);
    const recursiveName = this.recursive.get(type);
    if (recursiveName === undefined) return text;
    this.names.set(type, recursiveName);
    this.printed.push({ name: recursiveName, text, documentation: '' });
    return recursiveName;
  }

  private printStructure(type: ts.Type, path: string): string {
    for (const [flag, name] of INTRINSIC_NAMES) {
      if (type.flags & flag) return name;
    }
    if (type.isStringLiteral()) return JSON.stringify(type.value);
    if (type.isNumberLiteral()) return String(type.value);
    if (type.flags & ts.TypeFlags.BooleanLiteral) {
      return this.checker.typeToString(type);
    }
    if (type.flags & ts.TypeFlags.BigIntLiteral) {
      const { negative, base10Value } = (type as ts.BigIntLiteralType).value;
      return `${negative ? '-' : ''}${base10Value}n`;
    }
    if (
      type.flags &
      (ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)
    ) {
      return this.checker.typeToString(type);
    }
    if (type.isUnion()) return this.printUnion(type, path);
    if (type.isIntersection()) {
      return type.types
        .map((member) => wrap(this.print(member, path)))
        .join(' & ');
    }
    if (type.flags & ts.TypeFlags.Object) return this.printObject(type, path);
    throw new Error(
      `Cannot write the type at ${path} (${this.checker.typeToString(type)}) ` +
        'without its module: give that procedure an explicit, serialisable type.',
    );
  }

  private printUnion(type: ts.UnionType, path: string): string {
    const members = type.types.filter(
      (member) => !(member.flags & ts.TypeFlags.BooleanLiteral),
    );
    const booleans = type.types.filter(
      (member) => member.flags & ts.TypeFlags.BooleanLiteral,
    );
    const printed = members.map((member) => wrap(this.print(member, path)));
    if (booleans.length === 2) printed.push('boolean');
    else printed.push(...booleans.map((member) => this.print(member, path)));
    // `T | undefined` reads better than `undefined | T`.
    const isEmpty = (text: string) => text === 'undefined' || text === 'null';
    return [
      ...printed.filter((text) => !isEmpty(text)),
      ...printed.filter(isEmpty),
    ].join(' | ');
  }

  private printObject(type: ts.Type, path: string): string {
    if (this.checker.isTupleType(type))
      return this.printTuple(type as ts.TupleTypeReference, path);
    if (this.checker.isArrayType(type)) {
      const reference = type as ts.TypeReference;
      const [element] = this.checker.getTypeArguments(reference);
      const isReadonly = reference.target.getSymbol()?.name === 'ReadonlyArray';
      const elementText =
        element === undefined ? 'unknown' : this.print(element, `${path}[]`);
      return `${isReadonly ? 'readonly ' : ''}${wrap(elementText)}[]`;
    }
    if (
      type.getCallSignatures().length > 0 ||
      type.getConstructSignatures().length > 0
    ) {
      throw new Error(
        `The type at ${path} is a function (${this.checker.typeToString(type)}); ` +
          'router inputs and outputs must be data.',
      );
    }
    const members: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
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
        property.getDocumentationComment(this.checker),
      );
      const propertyType = this.print(
        this.checker.getTypeOfSymbol(property),
        `${path}.${name}`,
      );
      members.push(
        `${docComment(documentation, '  ')}  ${isReadonly ? 'readonly ' : ''}${propertyKey(name)}${isOptional ? '?' : ''}: ${propertyType};`,
      );
    }
    for (const info of this.checker.getIndexInfosOfType(type)) {
      const key = this.print(info.keyType, `${path}[key]`);
      const value = this.print(info.type, `${path}[${key}]`);
      members.push(
        `  ${info.isReadonly ? 'readonly ' : ''}[key: ${key}]: ${value};`,
      );
    }
    if (members.length === 0) return '{}';
    return `{\n${members.join('\n')}\n}`;
  }

  private printTuple(type: ts.TupleTypeReference, path: string): string {
    const elements = this.checker.getTypeArguments(type);
    const flags = type.target.elementFlags;
    const printed = elements.map((element, index) => {
      const text = this.print(element, `${path}[${index}]`);
      const flag = flags[index] ?? ts.ElementFlags.Required;
      if (flag & ts.ElementFlags.Rest) return `...${wrap(text)}[]`;
      if (flag & ts.ElementFlags.Optional) return `${wrap(text)}?`;
      return text;
    });
    return `${type.target.readonly ? 'readonly ' : ''}[${printed.join(', ')}]`;
  }
}
