import inquirer from 'inquirer';

/** A yes/no question at the terminal; no is the default, since the question guards a change. */
export async function confirm(message: string): Promise<boolean> {
  const answer = (await inquirer.prompt([{ name: 'v', type: 'confirm', message, default: false }])) as { v: boolean };
  return answer.v;
}
