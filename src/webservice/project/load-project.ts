// Loads a web service project file: YAML syntax, the schema, then cross checks and every flow, each problem
// with file, line and what is wrong.
import { ConfigError, type ConfigProblem } from '../../config/config-error.ts';
import { loadYamlFile, parseYaml, type ParsedYaml } from '../../config/load-yaml.ts';
import type { YamlSource } from '../../config/yaml-source.ts';
import { checkFlows } from './check-flows.ts';
import { ProjectLoadSchema, type Project } from './project-schema.ts';

/** A loaded, checked project and where it came from. */
export interface LoadedProject {
  project: Project;
  file: string;
  source: YamlSource;
}

/** Loads and checks a project file; throws ConfigError listing every problem. */
export function loadProject(file: string): LoadedProject {
  return checked(loadYamlFile(file, ProjectLoadSchema), file);
}

/** Parses and checks project text (named `file` in messages). */
export function parseProject(text: string, file: string): LoadedProject {
  return checked(parseYaml(text, file, ProjectLoadSchema), file);
}

function checked(parsed: ParsedYaml<unknown>, file: string): LoadedProject {
  const project = parsed.value as Project;
  const { source } = parsed;
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, number>();
  project.parameters.forEach((p, i) => {
    if (seen.has(p.name)) problems.push(source.problem(['parameters', i, 'name'], `duplicate parameter "${p.name}"`));
    seen.set(p.name, i);
  });
  project.schema.objectTypes.forEach((t, i) => {
    const names = new Set<string>();
    t.attributes.forEach((a, j) => {
      if (names.has(a.name))
        problems.push(
          source.problem(['schema', 'objectTypes', i, 'attributes', j, 'name'], `duplicate attribute "${a.name}"`),
        );
      names.add(a.name);
      if (
        a.type === 'reference' &&
        a.referenceTo &&
        !project.schema.objectTypes.some((o) => o.name === a.referenceTo)
      ) {
        problems.push(
          source.problem(
            ['schema', 'objectTypes', i, 'attributes', j, 'referenceTo'],
            `"${a.referenceTo}" is not an object type of the schema`,
          ),
        );
      }
    });
    if (!names.has(t.anchor))
      problems.push(
        source.problem(
          ['schema', 'objectTypes', i, 'anchor'],
          `the anchor "${t.anchor}" is not one of the type's attributes`,
        ),
      );
  });
  problems.push(...checkFlows(project, source));
  if (problems.length) throw new ConfigError(problems);
  return { project, file, source };
}
