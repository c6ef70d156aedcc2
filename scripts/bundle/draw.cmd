@echo off
rem draw, from the offline bundle: the bundled Node runs the bundled tool.
rem This file stays ASCII: cmd reads a batch file in the console's code page.
setlocal
"%~dp0runtime\node.exe" "%~dp0app\bin\draw" %*
set "code=%ERRORLEVEL%"
rem Double-clicked with no command: keep the help on screen until a key is pressed.
if "%~1"=="" pause
exit /b %code%
