package io.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code neural-style} command shown in README.md and in the guide (docs/*.md) parses against
 * the command line as it is: a renamed or misspelt option, a subcommand that is gone or a value of
 * the wrong type fails the build, naming the file, the line and the problem. Nothing is run and no
 * weights are needed. Also: every relative link and picture in those files points to a file that
 * exists, and every link to a heading finds that heading.
 */
class DocCommandsTest {
    /** The languages of the fenced blocks whose commands are checked. */
    private static final Set<String> SHELL = Set.of("sh", "bash", "console", "shell");
    /** The names the program goes by at the start of a command. */
    private static final Set<String> PROGRAM = Set.of("neural-style", "./neural-style", "neural-style.cmd");
    private static final Pattern ENV_ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    /** One command as the docs show it: where, and its words as the shell would pass them. */
    record DocCommand(String file, int line, List<String> lines, List<String> args) {
        String text() {
            return String.join(" ", lines).replaceAll("\\\\ ", " ").replaceAll("\\s+", " ").strip();
        }

        /** The file and line of the command, or of the line of it that holds this word. */
        String where(String word) {
            for (int i = 0; word != null && i < lines.size(); i++) {
                if (lines.get(i).contains(word)) {
                    return file + ":" + (line + i);
                }
            }
            return file + ":" + line;
        }
    }

    /** The first option or argument a picocli message names in quotes, as in "Unknown option: '--sise'". */
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    @Test
    void everyCommandInTheDocsParses() {
        List<DocCommand> commands = new ArrayList<>();
        for (Path doc : docs()) {
            commands.addAll(commands(root().relativize(doc).toString(), read(doc)));
        }
        assertTrue(commands.size() >= 20, "found only " + commands.size() + " neural-style commands in the docs");
        assertTrue(commands.stream().anyMatch(c -> c.file().equals("README.md")), "README.md shows no command");
        List<String> problems = new ArrayList<>();
        for (DocCommand command : commands) {
            try {
                Main.commandLine().parseArgs(command.args().toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                Matcher quoted = QUOTED.matcher(e.getMessage());
                String word = quoted.find() ? quoted.group(1) : null;
                problems.add(command.where(word) + ": " + firstLine(e.getMessage()) + "\n    in: " + command.text());
            }
            for (String arg : command.args()) {
                // The example pictures and masks the docs name must be there in a fresh clone.
                if (arg.startsWith("docs/") && !Files.exists(root().resolve(arg))) {
                    problems.add(command.where(arg) + ": no such file " + arg + "\n    in: " + command.text());
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " of the " + commands.size() + " commands in the docs do not parse:\n"
                    + String.join("\n", problems));
        }
    }

    @Test
    void everyRelativeLinkInTheDocsLeadsSomewhere() {
        List<String> problems = new ArrayList<>();
        int links = 0;
        for (Path doc : docs()) {
            String name = root().relativize(doc).toString();
            List<String> lines = proseLines(read(doc));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINK.matcher(lines.get(i));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("[a-z]+:.*")) {
                        continue; // https:, mailto:
                    }
                    links++;
                    int hash = target.indexOf('#');
                    String path = hash < 0 ? target : target.substring(0, hash);
                    String anchor = hash < 0 ? null : target.substring(hash + 1);
                    Path file = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
                    if (!file.startsWith(root()) || !Files.exists(file)) {
                        problems.add(name + ":" + (i + 1) + ": " + target + ": no such file");
                    } else if (anchor != null && file.toString().endsWith(".md")
                            && !anchors(read(file)).contains(anchor)) {
                        problems.add(name + ":" + (i + 1) + ": " + target + ": no such heading in "
                                + root().relativize(file));
                    }
                }
            }
        }
        assertTrue(links > 0, "found no relative links");
        if (!problems.isEmpty()) {
            fail(problems.size() + " broken links in the docs:\n" + String.join("\n", problems));
        }
    }

    @Test
    void commandsAreReadAsTheShellWouldPassThem() {
        String doc = String.join("\n",
                "Text `./neural-style --not-checked` outside a block.",
                "```sh",
                "mkdir -p out && TF_CPP_MIN_LOG_LEVEL=2 ./neural-style --content 'my photo.jpg' \\",
                "    --style \"b c.jpg\" --size 256 > log.txt 2>&1   # a comment",
                "cat > jobs.csv <<'CSV'",
                "neural-style --inside-a-heredoc",
                "CSV",
                "/usr/bin/time -v ./neural-style bench --sizes 256 | tail -3",
                "./neural-style-spark --manifest jobs.csv",
                "```",
                "```console",
                "$ neural-style --help",
                "```",
                "```java",
                "neural-style --not-shell",
                "```");
        List<DocCommand> found = commands("x.md", doc);
        assertEquals(3, found.size(), found.toString());
        assertEquals(List.of("--content", "my photo.jpg", "--style", "b c.jpg", "--size", "256"), found.get(0).args());
        assertEquals(3, found.get(0).line());
        assertEquals(List.of("bench", "--sizes", "256"), found.get(1).args());
        assertEquals(List.of("--help"), found.get(2).args());
    }

    @Test
    void aMisspeltOptionIsCaught() {
        List<DocCommand> found = commands("x.md",
                "```sh\n./neural-style --content a.jpg --style b.jpg \\\n    --sise 256\n```\n");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> Main.commandLine().parseArgs(found.get(0).args().toArray(String[]::new)));
        assertTrue(e.getMessage().contains("--sise"), e.getMessage());
        assertEquals("x.md:3", found.get(0).where("--sise"));
        assertEquals("./neural-style --content a.jpg --style b.jpg --sise 256", found.get(0).text());
        // A value of the wrong type is caught too.
        assertThrows(CommandLine.ParameterException.class,
                () -> Main.commandLine().parseArgs("--content", "a.jpg", "--threads", "many"));
    }

    @Test
    void headingsGetGithubsAnchors() {
        Set<String> anchors = anchors("# neural-style\n## Many pictures: `neural-style batch`\n## Speed\n## Speed\n"
                + "```sh\n# not a heading\n```\n");
        assertEquals(Set.of("neural-style", "many-pictures-neural-style-batch", "speed", "speed-1"), anchors);
    }

    /** The {@code neural-style} commands in a Markdown text's shell blocks, continuation lines joined. */
    static List<DocCommand> commands(String file, String markdown) {
        List<DocCommand> found = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        boolean inShell = false;
        boolean inOther = false;
        String heredocEnd = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String fence = line.strip();
            if (!inShell && !inOther && fence.startsWith("```")) {
                String lang = fence.substring(3).strip().toLowerCase(Locale.ROOT);
                inShell = SHELL.contains(lang);
                inOther = !inShell;
                continue;
            }
            if ((inShell || inOther) && fence.equals("```")) {
                inShell = inOther = false;
                heredocEnd = null;
                continue;
            }
            if (!inShell) {
                continue;
            }
            if (heredocEnd != null) {
                if (line.strip().equals(heredocEnd)) {
                    heredocEnd = null;
                }
                continue;
            }
            int start = i;
            List<String> physical = new ArrayList<>(List.of(line));
            StringBuilder joined = new StringBuilder();
            while (line.endsWith("\\") && i + 1 < lines.length) {
                joined.append(line, 0, line.length() - 1).append(' ');
                line = lines[++i];
                physical.add(line);
            }
            joined.append(line);
            String text = joined.toString().strip();
            if (text.startsWith("$ ")) {
                text = text.substring(2); // a console block's prompt
            }
            Matcher heredoc = Pattern.compile("<<-?\\s*['\"]?([A-Za-z_]+)['\"]?").matcher(text);
            if (heredoc.find()) {
                heredocEnd = heredoc.group(1);
            }
            for (List<String> words : simpleCommands(text)) {
                List<String> args = programArgs(words);
                if (args != null) {
                    found.add(new DocCommand(file, start + 1, physical, args));
                }
            }
        }
        return found;
    }

    /** The arguments after the program's name, or null when this command does not run neural-style. */
    private static List<String> programArgs(List<String> words) {
        int i = 0;
        while (i < words.size() && ENV_ASSIGNMENT.matcher(words.get(i)).matches()) {
            i++; // VAR=value before the command
        }
        if (i < words.size() && (words.get(i).equals("time") || words.get(i).equals("/usr/bin/time"))) {
            i++;
            while (i < words.size() && words.get(i).startsWith("-")) {
                i++; // time's own options
            }
        }
        if (i >= words.size() || !PROGRAM.contains(words.get(i))) {
            return null;
        }
        return List.copyOf(words.subList(i + 1, words.size()));
    }

    /**
     * A shell line's simple commands (split at {@code |}, {@code &&}, {@code ||}, {@code ;} and
     * {@code &}), each as its words with quotes removed and redirections and comments left out.
     */
    static List<List<String>> simpleCommands(String line) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean redirectTarget = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                end = end < 0 ? line.length() : end;
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    if (line.charAt(i) == '\\' && i + 1 < line.length()) {
                        i++;
                    }
                    word.append(line.charAt(i++));
                }
                inWord = true;
                i++;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (Character.isWhitespace(c) || c == '|' || c == '&' || c == ';' || c == '<' || c == '>'
                    || (c == '#' && !inWord)) {
                if (inWord) {
                    String w = word.toString();
                    boolean fileDescriptor = (c == '>' || c == '<') && w.matches("\\d"); // the 2 of 2>
                    if (redirectTarget) {
                        redirectTarget = false; // the file of > FILE
                    } else if (!fileDescriptor) {
                        words.add(w);
                    }
                    word.setLength(0);
                    inWord = false;
                }
                if (c == '#') {
                    break; // a comment to the end of the line
                } else if (c == '>' || c == '<') {
                    // > >> < 2> &> and a target such as &1 (taken with the operator)
                    while (i + 1 < line.length() && (line.charAt(i + 1) == '>' || line.charAt(i + 1) == '<')) {
                        i++;
                    }
                    if (i + 1 < line.length() && line.charAt(i + 1) == '&') {
                        i++;
                        while (i + 1 < line.length() && Character.isDigit(line.charAt(i + 1))) {
                            i++;
                        }
                    } else {
                        redirectTarget = true;
                    }
                } else if (c == '|' || c == '&' || c == ';') {
                    if (!words.isEmpty()) {
                        commands.add(words);
                    }
                    words = new ArrayList<>();
                    redirectTarget = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord && !redirectTarget) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }

    /** The lines of a Markdown text with fenced blocks blanked and inline code removed. */
    private static List<String> proseLines(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                lines.add("");
            } else {
                lines.add(fenced ? "" : line.replaceAll("`[^`]*`", "``"));
            }
        }
        return lines;
    }

    /** The anchors GitHub gives a Markdown text's headings. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.matches("#{1,6} .*")) {
                String slug = line.replaceFirst("#+ ", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }

    /** README.md and every Markdown file of the guide. */
    private static List<Path> docs() {
        List<Path> docs = new ArrayList<>();
        docs.add(root().resolve("README.md"));
        try (Stream<Path> files = Files.walk(root().resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** The project's root: the parent of the module folder the tests run in. */
    private static Path root() {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("README.md")), "no README.md in " + root);
        return root;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
