/**
 * The help pages of the shell's own tools (`wc --help`, `sim help`, `env --help`…), in one module
 * fetched the first time a learner asks for any of them (see lazyHelp in help-page.ts), so their
 * text is not part of the sandbox's start-up download. openssl, xxd and diff keep theirs beside
 * their code, which is fetched on demand already.
 */
import { HELP_OPTION, INFO_OPTIONS, type HelpPage } from './help-page.ts';

/** The units -c and -n accept, as the help pages of both explain them. */
const COUNT_UNITS =
  'Each NUM may be followed by a unit: b is 512; K is 1024 and KB is 1000; M, G, T, P, E, Z and Y are the ' +
  'following powers of 1024, or of 1000 when B comes after them. KiB, MiB and the like are other names for K, M.';

export const HELP_PAGES = {
  base64: {
    name: 'base64',
    summary: 'encode bytes as base64 text, or decode such text',
    synopsis: ['base64 [-w COLS] [file]', 'base64 -d [-i] [file]'],
    description: [
      'Turns the bytes of a file (or of standard input, also when the file is named -) into base64 ' +
        'text, 76 characters to a line, or with -d turns such text back into bytes.',
      'The AWS CLI shows binary values such as a CiphertextBlob or a data key as base64; base64 -d ' +
        'makes them bytes again, ready to be saved in a file. Decoding passes over newlines only: any ' +
        'other byte outside the base64 alphabet ends it with "invalid input" and status 1, after the ' +
        'bytes decoded up to there have been written. Give -i to drop such bytes instead.',
    ],
    options: [
      ['-d, --decode', 'Decodes base64 text instead of encoding.'],
      ['-i, --ignore-garbage', 'When decoding, first drops every byte that is neither a base64 letter nor "=".'],
      ['-w COLS, --wrap=COLS', 'Starts a new line after every COLS characters of output (76 unless given); 0 writes one line with no newline at its end.'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['Turn base64 text copied from the CLI into bytes:', 'base64 -d blob.b64 > blob.bin'],
      ['Encode a key file as a single line:', 'base64 -w 0 key.bin'],
    ],
  },
  cat: {
    name: 'cat',
    summary: 'print files, one after another',
    synopsis: ['cat [options] [file ...]'],
    description: [
      'Writes out the bytes of every file named, one file after another, unchanged unless an option asks for ' +
        'more. No file at all, or a file named -, means standard input.',
      'Use it to look at a plaintext before you encrypt it, or at what a decrypt gave back. The display ' +
        'options help when a file holds invisible characters, such as a trailing newline that changes a digest.',
    ],
    options: [
      ['-n, --number', 'Puts a line number before every output line; the count goes on from one file to the next.'],
      ['-b, --number-nonblank', 'Numbers only the lines that are not empty (takes precedence over -n).'],
      ['-s, --squeeze-blank', 'Shows several empty lines in a row as one.'],
      ['-E, --show-ends', 'Writes a $ where each line ends.'],
      ['-T, --show-tabs', 'Writes each tab as ^I.'],
      ['-v, --show-nonprinting', 'Makes control bytes and bytes from 128 up readable as ^X and M-X; tabs and newlines stay.'],
      ['-A, --show-all', 'Short for -vET.'],
      ['-e', 'Short for -vE.'],
      ['-t', 'Short for -vT.'],
      ['-u', 'Accepted for old scripts; it makes no difference.'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['Read a file before encrypting it:', 'cat secret.txt'],
      ['Check for a newline at the end of decrypted text:', 'cat -A decrypted.txt'],
    ],
  },
  cmp: {
    name: 'cmp',
    summary: 'compare files byte by byte',
    synopsis: ['cmp [options] file1 [file2 [skip1 [skip2]]]'],
    description: [
      'Reads two files side by side and stops at the first byte where they disagree, printing its position ' +
        'counted from 1, both as a byte number and as a line number. Files that are the same print nothing. ' +
        'With no second file, or a file named -, standard input is read.',
      'The exit status is 0 for the same bytes, 1 for a difference, 2 for trouble (a missing file, a bad ' +
        'option). That makes cmp a ready test in the shell: cmp a b && echo identical. When one file is a ' +
        'copy of the start of the other, cmp reports EOF on the shorter one on stderr.',
      'skip1 and skip2 are byte counts to pass over at the start of the first and the second file before ' +
        'comparing.',
    ],
    options: [
      ['-b, --print-bytes', 'Also shows the two differing bytes, as octal numbers and as characters.'],
      ['-l, --verbose', 'Goes on to the end and lists every difference: the byte number, then each file\'s byte in octal.'],
      ['-i, --ignore-initial=SKIP', 'Passes over SKIP bytes at the start of both files.'],
      ['-i, --ignore-initial=SKIP1:SKIP2', 'Passes over SKIP1 bytes of the first file and SKIP2 of the second.'],
      ['-n, --bytes=LIMIT', 'Looks at no more than LIMIT bytes.'],
      ['-s, --quiet, --silent', 'Prints nothing, not even that a file is missing: only the exit status answers.'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['Check that decrypting gave back exactly the bytes you encrypted:', 'cmp secret.txt decryptedsecret.txt && echo identical'],
      ['Find where two encryptions of the same file start to differ, and the two bytes there:', 'cmp -b encryptedsecret.txt newencryption.txt'],
    ],
  },
  cp: {
    name: 'cp',
    summary: 'copy files and directories',
    synopsis: ['cp [options] source dest', 'cp [options] source ... directory'],
    description: [
      'Makes dest a copy of source. When the last name is a directory that exists, each source is copied into ' +
        'it under its own name. A file already called dest is overwritten. Directories are copied only with -r.',
    ],
    options: [
      ['-r, -R, --recursive', 'Copies directories, with everything inside them.'],
      ['-n, --no-clobber', 'Never overwrites: a dest that exists is left as it is.'],
      ['-f, --force', 'Accepted; files are replaced anyway.'],
      ['-v, --verbose', 'Reports each copy as \'source\' -> \'dest\'.'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['Keep a spare ciphertext before you try to tamper with one:', 'cp secret.enc tampered.enc'],
    ],
  },
  env: {
    name: 'env',
    summary: 'show the environment, or run a command in a changed one',
    synopsis: ['env [options] [NAME=value ...] [command [argument ...]]'],
    description: [
      'With no command, prints the exported variables as NAME=value lines. With one, runs it with the exported ' +
        'variables changed as the options and NAME=value words say; the shell itself keeps its variables as ' +
        'they were. The status is 127 when the command does not exist, 125 for an option env does not know.',
    ],
    options: [
      ['-i, -, --ignore-environment', 'Starts from no variables at all.'],
      ['-u NAME, --unset NAME', 'Leaves NAME out.'],
      HELP_OPTION,
    ],
    examples: [
      ['Run one command as another simulated principal:', 'env AWS_PROFILE=app aws sts get-caller-identity'],
      ['See what aws will read from the environment:', 'env'],
    ],
  },
  head: {
    name: 'head',
    summary: 'print the start of files',
    synopsis: ['head [options] [file ...]'],
    description: [
      'Prints the beginning of each file, 10 lines unless an option says otherwise. Standard input is read when ' +
        'no file is named, or for -. When there are several files, each one\'s part begins with a line ==> name <==.',
      COUNT_UNITS,
    ],
    options: [
      ['-n, --lines=[-]NUM', 'Prints the first NUM lines. Written with a minus (-n -2), it prints everything except the last NUM lines.'],
      ['-c, --bytes=[-]NUM', 'Works in bytes instead of lines: the first NUM bytes, or with a minus all but the last NUM.'],
      ['-NUM', 'The old way to say -n NUM (head -3), accepted as the first argument.'],
      ['-q, --quiet, --silent', 'Leaves out the ==> name <== lines.'],
      ['-v, --verbose', 'Prints the ==> name <== line even for a single file.'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['Look at the first 16 bytes of a ciphertext in hex:', 'head -c 16 secret.enc | xxd'],
      ['Show the first lines of a key policy you saved to a file:', 'head -n 5 policy.json'],
    ],
  },
  hexdump: {
    name: 'hexdump',
    summary: 'show the bytes of files in hexadecimal',
    synopsis: ['hexdump [options] [file ...]'],
    description: [
      'Reads the files named as one stream of bytes, or standard input when none is named, and prints it 16 ' +
        'bytes a line, each line starting with the offset of its first byte. A file named - is read as a file ' +
        'of that name, not as standard input.',
      'Without -C the bytes are shown in pairs, each pair as one 16-bit number with its second byte first. With ' +
        '-C every byte is shown on its own, and the same bytes appear as text between bars at the end of the ' +
        'line. A line that repeats the one before it is shown as a single *, and the last line gives the offset ' +
        'where the input ended.',
      'Lengths and offsets may be written in hexadecimal (0x10) or octal (010), and may end in K, M, G and so on: ' +
        'K or KiB is 1024, KB is 1000.',
    ],
    options: [
      ['-C, --canonical', 'Shows each byte as two hexadecimal digits, with the bytes as text at the end of the line.'],
      ['-n, --length length', 'Reads no more than length bytes.'],
      ['-s, --skip offset', 'Starts offset bytes into the input.'],
      ['-v, --no-squeezing', 'Prints every line, even one that repeats the line before it.'],
      ['-h, --help', HELP_OPTION[1]],
    ],
    examples: [
      ['Look at a ciphertext byte by byte:', 'hexdump -C report.enc'],
      ['See the first 16 bytes of a data key:', 'hexdump -C -n 16 datakey.bin'],
    ],
  },
  ls: {
    name: 'ls',
    summary: 'list directory contents',
    synopsis: ['ls [options] [file ...]'],
    description: [
      'Lists what each directory named contains, sorted by name, one name per line (the current directory ' +
        'when none is named). A file that is named is listed as itself. Names beginning with a dot stay hidden ' +
        'unless -a or -A is given.',
      'Every file in the sandbox belongs to the user learner. ls ends with status 2 when a name cannot be ' +
        'found or an option is wrong.',
    ],
    options: [
      ['-l', 'The long form: type and permissions, number of links, owner, group, size in bytes, time of the last ' +
        'change, name. Each directory\'s list starts with a total of the space used, in KiB.'],
      ['-a, --all', 'Shows every entry: the hidden ones, and . and .. as well.'],
      ['-A, --almost-all', 'Shows the hidden entries, but not . and ..'],
      ['-d, --directory', 'Lists a directory as one entry instead of what it contains.'],
      ['-1', 'One name per line, which is how ls prints here anyway.'],
      ['--author', 'With -l, adds an author column (always learner).'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['See your files with their sizes:', 'ls -l'],
      ['List only the ciphertexts:', 'ls *.enc'],
    ],
  },
  mkdir: {
    name: 'mkdir',
    summary: 'make directories',
    synopsis: ['mkdir [options] directory ...'],
    description: [
      'Creates each directory named. Without -p the directory it goes in must already exist, and nothing may ' +
        'have the name yet.',
    ],
    options: [
      ['-p, --parents', 'Creates any missing directories on the way too, and is satisfied when the directory is already there.'],
      ['-v, --verbose', 'Reports each directory it creates, one line each.'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['Keep encrypted data keys apart from the data they protect:', 'mkdir -p envelope/keys envelope/data'],
    ],
  },
  mv: {
    name: 'mv',
    summary: 'move or rename files',
    synopsis: ['mv [options] source dest', 'mv [options] source ... directory'],
    description: [
      'Gives source the name dest. When the last name is a directory that exists, every source moves into it ' +
        'and keeps its own name. A file already called dest is replaced; mv here never stops to ask.',
    ],
    options: [
      ['-n, --no-clobber', 'Leaves a dest that exists alone: that source stays where it was.'],
      ['-f, --force', 'Replaces without asking, which is what mv does here in any case.'],
      ['-v, --verbose', 'Reports each move as renamed \'old\' -> \'new\'.'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['Give a ciphertext a name that says what it is:', 'mv out.bin secret.txt.enc'],
      ['Move two files into a directory:', 'mv data.enc datakey.enc envelope/'],
    ],
  },
  rm: {
    name: 'rm',
    summary: 'remove files',
    synopsis: ['rm [options] file ...'],
    description: [
      'Deletes each file named, without asking first. A directory is deleted only with -r (together with all ' +
        'it holds) or -d (when it is empty). rm refuses to remove . and .., and / with -r.',
    ],
    options: [
      ['-r, -R, --recursive', 'Deletes directories and everything inside them.'],
      ['-d, --dir', 'Deletes directories that are empty.'],
      ['-f, --force', 'Keeps quiet about names that do not exist, and succeeds even when given no name at all.'],
      ['-v, --verbose', 'Reports each file and directory it deletes.'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['Envelope encryption: once the data is encrypted, delete the plaintext data key:', 'rm datakey.bin'],
      ['Clear away a practice directory:', 'rm -r envelope'],
    ],
  },
  sha256sum: {
    name: 'sha256sum',
    summary: 'compute or check SHA-256 digests',
    synopsis: ['sha256sum [options] [file ...]', 'sha256sum -c [options] [list ...]'],
    description: [
      'Prints the SHA-256 digest of each file as 64 hex digits, two spaces and the name; with no file, or for ' +
        'a file named -, it reads standard input. Equal digests mean equal bytes, which makes it a quick test ' +
        'that a decrypted file is exactly the original.',
      'With -c it reads such lines back (also in the --tag form), hashes each file they name again and says ' +
        'OK or FAILED; the status is 1 when any file differs or cannot be read.',
    ],
    options: [
      ['-c, --check', 'Checks the digests listed in the files given instead of computing new ones.'],
      ['--tag', 'Writes each line as SHA256 (name) = digest (not with -c).'],
      ['-b, --binary', 'Puts a * before each name. The digest does not change: bytes are bytes here.'],
      ['-t, --text', 'Puts a space before each name (the default).'],
      ['--quiet', 'With -c, prints only the files that fail.'],
      ['--status', 'With -c, prints nothing: only the exit status tells.'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['Check that a round trip through KMS gave back the same bytes:', 'sha256sum secret.txt decrypted.txt'],
      ['Record digests now and verify them later:', 'sha256sum *.txt > digests\nsha256sum -c digests'],
    ],
  },
  sim: {
    name: 'sim',
    summary: 'KMS Lab\'s own controls; not part of AWS',
    synopsis: ['sim time [+AMOUNT]', 'sim whoami', 'sim reset', 'sim seed N', 'sim help'],
    description: [
      'sim works the simulation around your aws commands: the clock that rotations and deletions wait for, ' +
        'the principal your commands run as, and the account itself. Only KMS Lab has it; you will not find it ' +
        'in a real shell or in the AWS CLI.',
    ],
    commands: [
      ['time', 'Shows the simulated date and time.'],
      ['time +AMOUNT', 'Moves time forward, so that rotations, deletions and expiries of imported material ' +
        'happen, and lists them. AMOUNT is a number and a unit: m, h, d, w or y (+12h, +2w, +1y).'],
      ['whoami', 'Shows which simulated principal your aws commands run as (set by AWS_PROFILE).'],
      ['reset', 'Deletes every key, alias and file and starts a new account.'],
      ['seed N', 'Starts a new account whose key IDs, ciphertexts and dates are the same every time for seed N.'],
      ['help', 'Shows this page.'],
    ],
    examples: [
      ['Let the waiting period of a scheduled key deletion run out:', 'sim time +30d'],
      ['Start again in an account you can repeat exactly:', 'sim seed 42'],
    ],
  },
  tail: {
    name: 'tail',
    summary: 'print the end of files',
    synopsis: ['tail [options] [file ...]'],
    description: [
      'Prints the end of each file, 10 lines unless an option says otherwise. Standard input is read when no ' +
        'file is named, or for -. When there are several files, each one\'s part begins with a line ==> name <==. ' +
        'Files in the sandbox do not grow while you watch, so there is no -f.',
      COUNT_UNITS,
    ],
    options: [
      ['-n, --lines=[+]NUM', 'Prints the last NUM lines. Written with a plus (-n +2), it starts at line NUM and prints the rest.'],
      ['-c, --bytes=[+]NUM', 'Works in bytes instead of lines: the last NUM bytes, or with a plus everything from byte NUM on.'],
      ['-NUM, +NUM', 'The old ways to say -n NUM and -n +NUM, accepted as the first argument when at most one file ' +
        'follows. A c after the number counts bytes, a b counts blocks of 512 bytes.'],
      ['-q, --quiet, --silent', 'Leaves out the ==> name <== lines.'],
      ['-v, --verbose', 'Prints the ==> name <== line even for a single file.'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['Show only the last three aliases of the list:', 'aws kms list-aliases --output text | tail -n 3'],
      ['Skip the first 32 bytes of a file:', 'tail -c +33 data.bin > rest.bin'],
    ],
  },
  touch: {
    name: 'touch',
    summary: 'create empty files, or mark files as changed now',
    synopsis: ['touch [options] file ...'],
    description: [
      'A file that exists gets the sandbox clock\'s current time as its modification time (ls -l shows it). ' +
        'A name not taken yet becomes a new, empty file, in a directory that must be there already.',
    ],
    options: [
      ['-c, --no-create', 'Never creates a file: names that do not exist are passed over without a message.'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['Make an empty file, then see that KMS will not encrypt zero bytes:', 'touch empty.bin\naws kms encrypt --key-id alias/my-key --plaintext fileb://empty.bin'],
    ],
  },
  wc: {
    name: 'wc',
    summary: 'count lines, words and bytes',
    synopsis: ['wc [options] [file ...]'],
    description: [
      'Prints three numbers for each file: its newlines, its words and its bytes, then the name. With more than ' +
        'one file a total line follows. Standard input is counted when no file is named, or for a file named -.',
      'The options choose which numbers appear; however they are ordered, the columns always come as lines, ' +
        'words, characters, bytes. Words are what lies between white space (spaces, tabs, newlines); control ' +
        'characters alone do not make one.',
    ],
    options: [
      ['-l, --lines', 'Counts newline characters, so a last line with no newline after it adds nothing.'],
      ['-w, --words', 'Counts words.'],
      ['-m, --chars', 'Counts UTF-8 characters: é is one character but two bytes. Bytes that are not valid UTF-8 count only as bytes.'],
      ['-c, --bytes', 'Counts bytes, the measure behind limits such as the 4096 bytes aws kms encrypt accepts.'],
      ...INFO_OPTIONS,
    ],
    examples: [
      ['Compare the size of a plaintext with that of its ciphertext:', 'wc -c secret.txt secret.enc'],
      ['Count the keys in the account:', 'aws kms list-keys --query "Keys[].KeyId" --output text | wc -w'],
    ],
  },
} satisfies Record<string, HelpPage>;

/** The commands with a page here. */
export type ShellHelpName = keyof typeof HELP_PAGES;
