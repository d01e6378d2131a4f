@echo off
rem Runs the neural-style command line on Windows, building it first when the jar is missing or
rem older than the sources, as the neural-style shell script does on Linux and macOS.
setlocal EnableExtensions
set "HERE=%~dp0"
set "HERE=%HERE:~0,-1%"
set "JAR=%HERE%\cli\target\neural-style.jar"

where java >nul 2>nul
if errorlevel 1 (
  echo neural-style: java not found: install Java 17 or newer and put it on the PATH 1>&2
  exit /b 1
)

rem Stale when the jar is missing or any pom or source is newer than it (PowerShell compares the times).
set "STALE="
if not exist "%JAR%" set "STALE=1"
if not defined STALE (
  for /f %%n in ('powershell -NoProfile -Command "$jar = (Get-Item -LiteralPath $env:JAR).LastWriteTime; $paths = 'pom.xml','.mvn','core\pom.xml','figures\pom.xml','web\pom.xml','batch\pom.xml','video\pom.xml','cli\pom.xml','core\src\main','figures\src\main','web\src\main','batch\src\main','video\src\main','cli\src\main' | ForEach-Object { Join-Path $env:HERE $_ } | Where-Object { Test-Path -LiteralPath $_ }; @(Get-Item -LiteralPath $paths; Get-ChildItem -LiteralPath $paths -Recurse) | Where-Object { $_.LastWriteTime -gt $jar } | Measure-Object | Select-Object -ExpandProperty Count"') do (
    if not "%%n"=="0" set "STALE=1"
  )
)

if defined STALE (
  where mvn >nul 2>nul
  if errorlevel 1 (
    echo neural-style: the program needs building and mvn was not found: install Apache Maven 3.8 or newer 1>&2
    exit /b 1
  )
  echo neural-style: building the program ^(only needed once after each change^)... 1>&2
  pushd "%HERE%"
  call mvn -q -B -DskipTests -pl cli -am package > "%TEMP%\neural-style-build.log" 2>&1
  if errorlevel 1 (
    popd
    type "%TEMP%\neural-style-build.log" 1>&2
    del "%TEMP%\neural-style-build.log" >nul 2>nul
    echo neural-style: the build failed ^(output above^); run 'mvn -DskipTests -pl cli -am package' in %HERE% to retry 1>&2
    exit /b 1
  )
  popd
  del "%TEMP%\neural-style-build.log" >nul 2>nul
  rem Maven leaves a jar whose own classes did not change as it was: mark it as built from these sources.
  copy /b "%JAR%"+,, "%JAR%" >nul
)

rem TensorFlow's native library logs every graph optimization at info level.
if not defined TF_CPP_MIN_LOG_LEVEL set "TF_CPP_MIN_LOG_LEVEL=2"
java %JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
