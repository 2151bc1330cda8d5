# kazi_c_string(OUT TEXT): TEXT as the body of a C string literal, one source line per
# line of TEXT (backslashes, quotes and question marks escaped, so no trigraph forms).
# Shared by the generators that embed files in the binary (core/store/embed.cmake for
# the migrations, core/i18n/embed.cmake for translations and the UI's strings).
function(kazi_c_string out text)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  string(REPLACE "?" "\\?" text "${text}")
  string(REPLACE "\n" "\\n\"\n    \"" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()
