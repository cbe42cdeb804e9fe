// unknown_arguments_message: what gt3-bypass prints when the command line holds arguments that no
// (sub)command accepts, instead of CLI11's "The following arguments were not expected: ...".
//
// CLI11's message repeats each argument as typed, and a mistyped secret flag
// (--offline.secrt=VALUE, or --offline.secrt VALUE) would print its value on the terminal and in
// the logs that capture it. This message names each unknown flag by its name only (the part
// before '='), with the closest flag of the command when one is close ("did you mean ..."), and
// only counts the other arguments: such an argument is often the value of the flag before it. The
// exception is a first word when no subcommand was chosen: a mistyped subcommand, named.
// The suggestion is closest_name's, as for an unknown key in the config file. A flag of a
// configuration key that this command does not read says which commands read it instead; an
// unexpected true/false/yes/no/1/0 adds that a boolean flag takes its value after '=' only.
// Call it after parse() threw CLI::ExtrasError; reads what the parser kept. Not thread-safe
// (reads the parser).
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace gt3::service {

// E.g. "gt3-bypass serve: unknown flag --offline.secrt (did you mean --offline.secret?); values
// are not shown; run 'gt3-bypass serve --help' for every flag". `program` is the top-level app.
std::string unknown_arguments_message(const CLI::App& program);

}  // namespace gt3::service
