// The files of a new provider package, from the templates in ./template:
// each `*.tmpl` file is one generated file, its path and text with the
// provider's name put in for `__kebab__` (`stability-ai`), `__Pascal__`
// (`StabilityAi`), `__CONSTANT__` (`STABILITY_AI`) and `__camel__`
// (`stabilityAi`).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const TEMPLATE_DIRECTORY = join(import.meta.dirname, 'template');
const SUFFIX = '.tmpl';

/** The package's files by path, for the spellings of a provider's name. */
export function packageFiles(names) {
  return Object.fromEntries(
    templatePaths(TEMPLATE_DIRECTORY).map((path) => [
      fillIn(
        relative(TEMPLATE_DIRECTORY, path).slice(0, -SUFFIX.length),
        names,
      ),
      fillIn(readFileSync(path, 'utf8'), names),
    ]),
  );
}

/** Every template file below `directory`. */
function templatePaths(directory) {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(SUFFIX))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The text with the provider's name put in for each placeholder. */
export function fillIn(text, { kebab, pascal, constant }) {
  const spellings = {
    kebab,
    Pascal: pascal,
    CONSTANT: constant,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
  };
  return text.replace(
    /__(kebab|Pascal|CONSTANT|camel)__/g,
    (_, spelling) => spellings[spelling],
  );
}
